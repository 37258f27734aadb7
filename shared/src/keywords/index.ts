export * from './KeywordLibrary.js';
export * from './KeywordMatcher.js';
export { normaliseText, type NormalisedText } from './normaliseText.js';
export * from './libraryFormats.js';
export { DEFAULT_KEYWORD_LIBRARY } from './defaultLibrary.js';
