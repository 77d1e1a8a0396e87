"""Where notebook 07's trained network comes from: a saved file, or a training run now."""

from pathlib import Path

from ..data import load_data
from ..network import Network


def load_or_train(
    paths, sizes=(784, 30, 10), epochs=30, mini_batch_size=10, eta=3.0, seed=0, training_data=None
):
    """Load the first of ``paths`` that exists, else train ``Network(sizes)`` now.

    Training is the book's run (``epochs``, ``mini_batch_size``, ``eta``, ``seed``) on
    ``training_data`` (default: the 50,000 training images of ``load_data``).
    Prints where the network came from; returns it.
    """
    for path in map(Path, paths):
        if path.exists():
            print(f"Loaded {path.as_posix()}")
            return Network.load(path)
    tried = " or ".join(Path(p).as_posix() for p in paths)
    print(
        f"No saved network ({tried}): training Network({list(sizes)}) now, "
        f"{epochs} epochs (about {epochs} s)..."
    )
    if training_data is None:
        training_data = load_data()[0]
    net = Network(list(sizes), seed=seed)
    net.SGD(training_data, epochs, mini_batch_size, eta, verbose=False)
    return net
