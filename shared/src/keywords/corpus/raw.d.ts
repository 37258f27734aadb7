// Text files imported whole by the test runner (Vite's ?raw): the labelled corpus.
declare module '*?raw' {
  const text: string;
  export default text;
}
