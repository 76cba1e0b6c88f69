/** Public API of the history domain: signed, hash-chained lifecycle events of a battery. */
export * from './core/index.js';
export { appendToHolder, listHolderEvents, readHolderPassport, type RemoteAuthor, type RemoteDraft, type RemoteAppendResult } from './adapters/remote-append.js';
