// Classification (CIFAR-10, MNIST): one in-memory shape, seeded splits, batches of NHWC float32 tensors.
export * from './classification/types';
export * from './classification/split';
export * from './classification/normalize';
export * from './classification/augment';
export * from './classification/batches';
export * from './cifar10/layout';
export * from './cifar10/read';
export * from './mnist/checksums';
export * from './mnist/idx';
export * from './mnist/read';

// Segmentation (Pascal VOC 2012).
export * from './voc/layout';
export * from './voc/metadata';
export * from './voc/read';
export * from './voc/transforms';
export * from './voc/batches';
export * from './voc/metrics';

// Fetching, generating and inspecting data roots.
export * from './fetch/sources';
export * from './fetch/download';
export * from './fetch/extract';
export * from './fetch/fetch-dataset';
export * from './generate/draw';
export * from './generate/cifar10';
export * from './generate/idx';
export * from './generate/voc';
export * from './generate/voc-scenes';
export * from './generate/digit-canvas';
export * from './generate/mnist-seg';
export * from './generate/tarball';
export * from './inspect/inspect';
export * from './inspect/format';
export { md5Bytes, md5File } from './util/md5';
export { encodeIndexPng, decodeIndexPng } from './codecs/png';
export * from './folder/read';

// The data sets an experiment can name: one entry per set, listed once.
export * from './datasets/dataset-entry';
export * from './datasets/registry';
export * from './datasets/options';
export * from './datasets/config-options';
