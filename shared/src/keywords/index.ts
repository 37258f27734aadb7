export * from './KeywordLibrary.js';
export * from './KeywordMatcher.js';
export { normaliseText, type NormalisedText } from './normaliseText.js';
// CSV/JSON library files: '@lookout/shared/library-files' (Node only: csv-parse needs Buffer).
export { STARTER_KEYWORD_CATEGORIES, starterKeywordLibrary } from './defaultLibrary.js';
export * from './checkLibrary.js';
export * from './keywordLibraryDigest.js';
