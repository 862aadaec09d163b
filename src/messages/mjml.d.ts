// mjml 5 ships no types: the part of its API this module uses.
declare module "mjml" {
  interface MjmlError {
    readonly line: number;
    readonly message: string;
    readonly tagName: string;
    readonly formattedMessage: string;
  }
  interface MjmlResult {
    readonly html: string;
    readonly errors: readonly MjmlError[];
  }
  interface MjmlOptions {
    readonly validationLevel?: "strict" | "soft" | "skip";
    readonly keepComments?: boolean;
  }
  export default function mjml2html(input: string, options?: MjmlOptions): Promise<MjmlResult>;
}
