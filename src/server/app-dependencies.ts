import type { Router } from 'express';
import type { Logger } from '../log.ts';

export interface AppDependencies {
  readonly logger: Logger;
  /** Resolves when the store answers; rejects when it does not. */
  readonly pingStore: () => Promise<void>;
  readonly engine: 'pglite' | 'postgres';
  readonly version: string;
  /**
   * Feature routers (OAuth, webhooks, card and admin APIs), mounted in order before the 404.
   * Each brings its own body parser: webhook routes need the raw bytes to verify signatures.
   */
  readonly routers?: readonly Router[];
}
