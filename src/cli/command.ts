/** A CLI command's code; its usage and summary live in the list (src/cli/commands.ts). */
export interface CliCommand {
  /** Exit code; negative = keep running. */
  run(args: string[]): Promise<number>;
}
