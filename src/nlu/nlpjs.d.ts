// Minimal types for the parts of NLP.js (v4) kentro uses; the packages ship no declarations.
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
    get<T = unknown>(name: string): T;
  }
  export function containerBootstrap(settings?: Record<string, unknown>): Container;
}

declare module '@nlpjs/nlp' {
  import type { Container } from '@nlpjs/core';
  export interface NlpClassification {
    intent: string;
    score: number;
  }
  export interface NlpResult {
    locale: string;
    intent: string;
    score: number;
    classifications: NlpClassification[];
  }
  export class Nlp {
    constructor(settings?: Record<string, unknown>, container?: Container);
    settings: Record<string, unknown>;
    addLanguage(locale: string): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(locale: string, utterance: string): Promise<NlpResult>;
    toJSON(): unknown;
    fromJSON(json: unknown): void;
  }
}

declare module '@nlpjs/lang-el' { export const LangEl: unknown; }
declare module '@nlpjs/lang-en' { export const LangEn: unknown; }
declare module '@nlpjs/lang-ar' { export const LangAr: unknown; }
declare module '@nlpjs/lang-fa' { export const LangFa: unknown; }
declare module '@nlpjs/lang-uk' { export const LangUk: unknown; }
declare module '@nlpjs/lang-fr' { export const LangFr: unknown; }
