export declare const ROOT: string;
export declare function isStale(root?: string): boolean;
export declare function build(root?: string): Promise<void>;
