// hoodiecrow-imap ships no types: only what the tests use.
declare module "hoodiecrow-imap" {
  import type { Server } from "node:net";

  export interface HoodiecrowMessage {
    raw: string;
    flags: string[];
    uid: number;
  }

  export interface HoodiecrowMailbox {
    messages: HoodiecrowMessage[];
  }

  export interface HoodiecrowOptions {
    plugins?: string[];
    storage?: Record<string, { messages?: { raw: string; flags?: string[] }[] }>;
    users?: Record<string, { password: string }>;
  }

  export interface HoodiecrowServer {
    server: Server;
    listen(port: number, host: string, callback: () => void): void;
    close(callback?: () => void): void;
    getMailbox(path: string): HoodiecrowMailbox | undefined;
    appendMessage(mailbox: string, flags: string[], internaldate: Date | undefined, raw: string): { message: HoodiecrowMessage };
  }

  export default function hoodiecrow(options?: HoodiecrowOptions): HoodiecrowServer;
}
