export interface CliCommand {
  /** e.g. `sync <connector> [--from D] [--to D]` */
  usage?: string;
  summary: string;
  /** Exit code; negative = keep running. */
  run(args: string[]): Promise<number>;
}
