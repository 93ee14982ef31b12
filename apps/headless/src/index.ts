export { buildProgram, main } from './cli';
export { cliEntry, defaultDataDir, repositoryRoot, uiDistDir } from './paths';
