"""Where notebook 07's trained network comes from: a saved file, or a training run now."""

from pathlib import Path

from ..data import load_data
from ..language import gettext as _
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
            print(_("Loaded {path}").format(path=path.as_posix()))
            return Network.load(path)
    tried = _(" or ").join(Path(p).as_posix() for p in paths)
    print(
        _(
            "No saved network ({tried}): training Network({sizes}) now, "
            "{epochs} epochs (about {epochs} s)..."
        ).format(tried=tried, sizes=list(sizes), epochs=epochs)
    )
    if training_data is None:
        training_data = load_data()[0]
    net = Network(list(sizes), seed=seed)
    net.SGD(training_data, epochs, mini_batch_size, eta, verbose=False)
    return net
