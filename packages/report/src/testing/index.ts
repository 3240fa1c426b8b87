export * from './fixtures';
export * from './browser';
