export * from './fixtures';
export * from './synthetic';
export * from './mini-cnn';
export * from './recalibration-oracle';
