/** The CIFAR-10 binary version as published in cifar-10-binary.tar.gz. */
export const CIFAR10_DIR = 'cifar-10-batches-bin';
export const CIFAR10_TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'] as const;
export const CIFAR10_TEST_FILE = 'test_batch.bin';
export const CIFAR10_META_FILE = 'batches.meta.txt';
export const CIFAR10_SIDE = 32;
export const CIFAR10_CHANNELS = 3;
export const CIFAR10_IMAGE_BYTES = CIFAR10_SIDE * CIFAR10_SIDE * CIFAR10_CHANNELS;
/** 1 label byte, then the red, green and blue 32×32 planes, each row-major. */
export const CIFAR10_RECORD_BYTES = 1 + CIFAR10_IMAGE_BYTES;
export const CIFAR10_RECORDS_PER_FILE = 10_000;
/**
 * Written by this package's generator beside the batch files: `{ "recordsPerFile": n, … }`. The published files
 * hold 10,000 records each; a generated set declares its smaller count here, so the count always comes from the
 * data set itself and a damaged file is blamed, never a healthy one.
 */
export const CIFAR10_GENERATED_FILE = 'l2p-generated.json';
export const CIFAR10_CLASSES = 10;
export const CIFAR10_CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;
export const CIFAR10_FETCH_COMMAND = 'nx run datasets:cifar10';
