// saxen ships no type declarations; these cover what the workbook readers use.
declare module 'saxen' {
  type Decode = (s: string) => string;
  export class Parser {
    constructor(options?: { proxy?: boolean });
    on(event: 'openTag', cb: (name: string, attrs: () => Record<string, string>, decode: Decode, selfClosing: boolean) => void): this;
    on(event: 'closeTag', cb: (name: string, decode: Decode, selfClosing: boolean) => void): this;
    on(event: 'text', cb: (value: string, decode: Decode) => void): this;
    on(event: 'cdata', cb: (value: string) => void): this;
    on(event: 'error' | 'warn', cb: (err: Error) => void): this;
    parse(xml: string): Error | null;
    write(xml: string): this;
    end(): Error | null;
    stop(): void;
  }
}
