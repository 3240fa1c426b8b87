export * from './toy-problem';
export * from './trained-problem';
