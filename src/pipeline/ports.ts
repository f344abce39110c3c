/** What the poll cycle needs of each stage (the contracts in the helpers' brief). */
export interface Encoder {
  encode(record: Record<string, unknown>, maxBytes: number): { text: string; severity?: number };
}

export interface OutgoingMessage {
  payload: string;
  severity?: number;
  time?: Date;
}

export interface MessageSink {
  send(messages: OutgoingMessage[]): Promise<void>;
}
