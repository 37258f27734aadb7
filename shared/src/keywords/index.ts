export * from './KeywordLibrary.js';
export * from './KeywordMatcher.js';
export { normaliseText, type NormalisedText } from './normaliseText.js';
