// Without imports or exports, so TypeScript reads the declaration below as an ambient module
// (in a module file it would be an augmentation, which a wildcard name cannot be).

/** A file's text, as vite's `?raw` import gives it (test/app/swagger-ui.test.ts). */
declare module "*?raw" {
  const text: string;
  export default text;
}
