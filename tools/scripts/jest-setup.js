// Tests switch backends with tf.setBackend directly; production mode keeps the cpu backend's "install
// tfjs-node" banner out of every test's output (selectBackend does the same for the CLI).
require('@tensorflow/tfjs').enableProdMode();
