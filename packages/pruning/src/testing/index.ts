export * from './toy-problem';
