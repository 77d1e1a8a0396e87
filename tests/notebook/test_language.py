"""nnlib in Chinese: the catalog, the bundled font, and every figure drawn in Chinese.

- Every character of every translation (nnlib.po and the notebook catalogs) can be
  drawn: it is in the bundled font's cmap (read with fontTools), or it is one DejaVu
  Sans (the first font of the family list) draws, such as σ or ᶻ.
- In zh mode every figure of ``nnlib.notebook.plots``, the playground's and the drawing
  pad's is drawn (rendered to PNG) with warnings turned into errors and matplotlib's
  log watched: no "Glyph … missing" warning, no mathtext dummy symbol; and the titles
  and labels are the catalog's Chinese, looked up here with Babel, not with nnlib.
- The verdict and the widgets speak Chinese, then English again; an unknown language
  is refused.
"""

import contextlib
import io
import logging
import os
import unicodedata
import warnings

import cjk_font  # tools/, put on sys.path by tests/conftest.py
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import translations
from fontTools.ttLib import TTFont
from plot_helpers import assert_labeled, close_figures  # noqa: F401  (autouse fixture)

import nnlib
from nnlib import Network
from nnlib.exercises.verdict import verdict
from nnlib.language import LOCALE_DIR, current_language, use_language
from nnlib.notebook import plots
from nnlib.notebook.drawing_pad import DrawingPad, prompt
from nnlib.notebook.live import figure_output
from nnlib.notebook.playground import Playground

NNLIB_PO = LOCALE_DIR / "zh" / "LC_MESSAGES" / "nnlib.po"
DEJAVU = os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")


ZH = translations.messages()  # {English: Chinese}, read with Babel, not nnlib.language


def zh(english):
    return ZH[english]


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    plots.use_style(language="en")


@pytest.fixture
def chinese(monkeypatch):
    """Chinese figures as on a machine without a Chinese font: the bundled subset alone."""
    monkeypatch.setattr(plots, "SYSTEM_CJK", [])
    plots.use_style(language="zh")


# --- the font covers the catalogs ---------------------------------------------------


def is_cjk(c):
    return any(
        low <= ord(c) <= high
        for low, high in [(0x3000, 0x303F), (0x3400, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF)]
    )


def test_the_bundled_font_is_a_small_renamed_subset():
    font = TTFont(str(plots.CJK_FONT))
    assert font["name"].getDebugName(1) == plots.CJK_FAMILY != "Noto Sans CJK SC"
    assert os.path.getsize(plots.CJK_FONT) < 1024 * 1024  # 818 kB with GB2312 level 1
    assert (plots.CJK_FONT.parent / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE") == 1


def test_every_character_of_every_translation_can_be_drawn():
    paths = cjk_font.CATALOGS
    assert NNLIB_PO in paths and len(paths) == 8  # nnlib.po and the seven notebooks'
    text = cjk_font.catalog_text(paths)
    assert zh("Correct!") in text
    bundled = set(TTFont(str(plots.CJK_FONT)).getBestCmap())
    dejavu = set(TTFont(DEJAVU).getBestCmap())
    chars = {c for c in text if c.isprintable() and not c.isspace()}
    missing = sorted(c for c in chars if ord(c) not in bundled | dejavu)
    assert missing == [], f"no font draws {''.join(missing)!r}: run tools/cjk_font.py"
    cjk = sorted(c for c in chars if is_cjk(c))
    assert len(cjk) > 300
    assert [c for c in cjk if ord(c) not in bundled] == []
    # Chinese punctuation too, even where a catalog does not use it yet
    assert {ord(c) for c in "，。：；？！（）“”、《》…"} <= bundled


def test_the_bundled_font_holds_gb2312_level_1():
    """The 3,755 common characters (GB2312 0xB0A1-0xD7F9, from Python's own codec), so a
    learner's own Chinese draws on a machine that has no Chinese font."""
    level1 = [
        bytes([row, cell]).decode("gb2312")
        for row in range(0xB0, 0xD8)
        for cell in range(0xA1, 0xFA if row == 0xD7 else 0xFF)
    ]
    assert len(level1) == 3755 and {"损", "世", "猫", "狗", "啊", "座"} <= set(level1)
    bundled = set(TTFont(str(plots.CJK_FONT)).getBestCmap())
    assert [c for c in level1 if ord(c) not in bundled] == []


def test_a_learners_own_chinese_title_draws_without_a_missing_glyph(chinese, caplog):
    with drawn_cleanly(caplog):
        fig, ax = plt.subplots()
        ax.set_title("我的损失函数：世界上的猫和狗")
        ax.set(xlabel="轮次", ylabel="感知机的输出")
        render(fig)


def test_a_chinese_font_the_machine_has_comes_before_the_bundled_one(monkeypatch):
    from matplotlib import font_manager

    installed = sorted({f.name for f in font_manager.fontManager.ttflist})
    monkeypatch.setattr(plots, "SYSTEM_CJK", ["No Such Font", installed[0]])
    plots.use_style(language="zh")
    assert plt.rcParams["font.family"] == ["DejaVu Sans", installed[0], plots.CJK_FAMILY]
    monkeypatch.setattr(plots, "SYSTEM_CJK", ["No Such Font"])
    plots.use_style(language="zh")
    assert plt.rcParams["font.family"] == ["DejaVu Sans", plots.CJK_FAMILY]


def test_no_translation_mixes_chinese_with_mathtext():
    """Text outside $…$ in a mathtext string is drawn by DejaVu Sans alone (no fallback),
    so a Chinese label must write its maths in Unicode (aⱼ, η), not $a_j$."""
    for english, chinese in ZH.items():
        strings = [chinese] if isinstance(chinese, str) else list(chinese)
        for s in strings:
            assert not (s.count("$") >= 2 and any(is_cjk(c) for c in s)), english


# --- figures in Chinese -------------------------------------------------------------


@contextlib.contextmanager
def drawn_cleanly(caplog):
    """Warnings become errors; matplotlib's log may not complain (mathtext's dummy symbols)."""
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("error")
        yield
    complaints = [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")]
    assert complaints == []


def render(fig):
    """Draw the figure to PNG, as a notebook shows it (every glyph is looked up)."""
    fig.savefig(io.BytesIO(), format="png")
    return fig


def history(epochs=4):
    return [
        {
            "epoch": e,
            "correct": 9000 + 50 * e,
            "total": 10000,
            "accuracy": 0.9 + 0.005 * e,
            "cost": 0.1 / (e + 1),
        }
        for e in range(epochs)
    ]


def texts(fig):
    """Every string on the figure: titles, labels, legends, annotations, colorbars."""
    found = []
    for ax in fig.axes:
        found += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        found += [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            found += [t.get_text() for t in legend.get_texts()] + [legend.get_title().get_text()]
    return [t for t in found if t]


def digits_data(n=12):
    rng = np.random.default_rng(0)
    return rng.random((n, 784)), rng.integers(0, 10, n)


FIGURES = {
    "plot_digits": lambda: plots.plot_digits(*digits_data(), predictions=np.arange(12) % 10),
    "plot_label_counts": lambda: plots.plot_label_counts({"training": np.arange(100) % 10}),
    "plot_accuracy": lambda: plots.plot_accuracy(history(), initial=history()[0]),
    "plot_gradient_comparison": lambda: plots.plot_gradient_comparison([np.ones(3)], [np.ones(3)]),
    "plot_step_vs_sigmoid": lambda: plots.plot_step_vs_sigmoid(),
    "plot_neuron": lambda: plots.plot_neuron(w=2.0, b=-1.0),
    "plot_network": lambda: plots.plot_network([784, 30, 10]),
    "plot_output_activations": lambda: plots.plot_output_activations(np.linspace(0, 1, 10), 3),
    "plot_descent": lambda: plots.plot_descent(eta=0.15),
    "plot_descent_runs": lambda: plots.plot_descent_runs(
        [0.01, 0.15, 0.19, 0.21, 0.05], outcomes=["a"] * 5, guess=0.05
    ),
    "plot_paths": lambda: plots.plot_paths(n_next=3),
    "plot_cost_history": lambda: plots.plot_cost_history({"η = 3": history()}, initial=0.5),
    "plot_experiments": lambda: plots.plot_experiments(
        {"η = 3": history()}, baselines={"darkness": 0.22}
    ),
    "plot_experiments_cost": lambda: plots.plot_experiments({"η = 3": history()}, key="cost"),
    "plot_confusion_matrix": lambda: plots.plot_confusion_matrix(np.eye(10, dtype=int) * 90 + 1),
    "plot_misclassified": lambda: plots.plot_misclassified(
        *digits_data(8), np.arange(8) % 10, np.linspace(0.5, 0.9, 8)
    ),
    "plot_hidden_weights": lambda: plots.plot_hidden_weights(
        np.random.default_rng(1).normal(size=(30, 784))
    ),
    "plot_your_digit": lambda: plots.plot_your_digit(
        np.pad(np.ones((120, 40)), 80), np.random.default_rng(2).random(784), np.linspace(0, 1, 10)
    ),
    "plot_average_darkness": lambda: plots.plot_average_darkness(*digits_data(200)),
    "plot_guess_counts": lambda: plots.plot_guess_counts(
        {
            "N(0, 1)": [1300, 1300, 29, 1300, 1100, 1350, 1400, 1100, 13, 1100],
            "N(0, 1/n)": [1000] * 10,
        }
    ),
    "plot_learning_curves": lambda: plots.plot_learning_curves(
        [{"label": "#1", "histories": [history(), history()], "initials": [history()[0]] * 2}],
        cost_ax=plt.subplots()[1],
    ),
}


def test_every_figure_function_is_drawn_here():
    drawn = {name.removesuffix("_cost") for name in FIGURES}
    public = {n for n in dir(plots) if n.startswith("plot_")}
    assert public == drawn


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_each_figure_draws_in_chinese_without_a_missing_glyph(name, chinese, caplog):
    with drawn_cleanly(caplog):
        fig = render(FIGURES[name]())
    strings = texts(fig)
    assert any(is_cjk(c) for s in strings for c in s), strings


def test_the_titles_and_labels_are_the_catalogs_chinese(chinese, caplog):
    with drawn_cleanly(caplog):
        fig = render(plots.plot_label_counts({"training": np.arange(100) % 10}))
        ax = fig.axes[0]
        assert ax.get_title() == zh("How many examples of each digit") == "每个数字有多少样本"
        assert ax.get_xlabel() == zh("digit (label)")
        fig = render(plots.plot_accuracy(history()))
        ax = fig.axes[0]
        assert ax.get_xlabel() == zh("epochs completed (0 = untrained)")
        assert "迭代期" in ax.get_xlabel() and "准确率" in ax.get_title()
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend[0] == zh("test accuracy")
        assert zh("the book: ~{percent:.0f}%").format(percent=95) in legend
        fig = render(plots.plot_network([784, 30, 10]))
        assert zh("hidden\n{n} neurons").format(n=30) in texts(fig)
        fig = render(plots.plot_digits(*digits_data(3)))
        assert fig.axes[0].get_ylabel() == "3 张图像"
        fig = render(plots.plot_output_activations(np.linspace(0, 1, 10)))
        assert fig.axes[0].get_ylabel() == "激活值 aⱼ"  # maths in Unicode beside Chinese


def test_mathtext_on_its_own_and_greek_beside_chinese_draw_cleanly(chinese, caplog):
    with drawn_cleanly(caplog):
        fig, ax = plt.subplots()
        ax.set_title("学习速率 η = 3.0，σ(z) 与 σ′(z)")
        ax.set_xlabel(r"$\eta$")
        ax.set_ylabel(r"$\sigma(w \cdot x + b)$")
        ax.legend(handles=ax.plot([0, 1], label="代价 C"))
        render(fig)


def test_the_style_switches_the_font_family_and_back():
    plots.use_style(language="zh")
    own = plots.system_cjk_font()
    assert plt.rcParams["font.family"] == ["DejaVu Sans", *own, plots.CJK_FAMILY]
    plots.use_style(language="en")
    assert plt.rcParams["font.family"] == matplotlib.rcParamsDefault["font.family"]
    assert plt.rcParams["font.sans-serif"] == matplotlib.rcParamsDefault["font.sans-serif"]
    assert plt.rcParams["font.size"] == plots.STYLE["font.size"]
    fig, ax = plt.subplots()
    ax.set_title("How many examples of each digit")
    render(fig)  # the English figure is drawn with DejaVu Sans alone, as before


@pytest.fixture(scope="module")
def small_data():
    training, _validation, test = nnlib.load_data()
    return (training[0][:1000], training[1][:1000]), (test[0][:200], test[1][:200])


def test_the_playground_speaks_chinese(chinese, small_data, caplog):
    pg = Playground(data=small_data, n_train=1000, epochs=1, n_digits=8)
    try:
        assert pg.run_button.description == zh("Run") == "运行"
        assert pg.hidden.description == zh("hidden neurons") == "隐藏神经元"
        assert pg.epochs.description == "迭代期"
        assert pg.status.value == zh("Move a slider or press <b>Run</b> to train a network.")
        with drawn_cleanly(caplog):
            pg.run()
            pg.wait(timeout=60)
            fig = pg.figure()
            output = figure_output(fig, tight=False, dpi=90)
        assert output["data"]["image/png"]
        assert "（完成）" in pg.status.value and "个隐藏神经元" in pg.status.value
        title = fig.axes[0].get_title()
        assert title.startswith("运行 1：η = 3，30 个隐藏神经元") and "迭代期" in title
        assert fig.axes[2].get_ylabel() == zh("{n} test images").format(n=8)
    finally:
        pg.stop()


def test_the_drawing_pad_speaks_chinese(chinese, caplog):
    pad = DrawingPad(Network([784, 30, 10], seed=0))
    assert (
        pad.message.value
        == prompt()
        == zh("Draw a digit with the mouse, then press <b>Classify</b>.")
    )
    assert pad.classify_button.description == "识别"
    pad.stroke([(140, 40), (140, 240)])
    with drawn_cleanly(caplog):
        guess = pad.classify()
    assert pad.message.value == f"网络认为这是 <b>{guess}</b>。"


# --- the verdict and the language setting -------------------------------------------


def said(fn, *args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = fn(*args)
    return result, out.getvalue()


def test_the_verdict_in_chinese_then_english_again():
    use_language("zh")
    assert current_language() == "zh"
    assert said(verdict, None) == (True, zh("Correct!") + "\n") == (True, "正确！\n")
    result, text = said(verdict, "x")
    assert (result, text) == (False, "还不对：x\n")
    use_language("en")
    assert said(verdict, None) == (True, "Correct!\n")
    assert said(verdict, "x") == (False, "Not yet: x\n")


def test_a_check_hint_in_chinese():
    from nnlib.exercises.perceptrons import check_perceptron

    use_language("zh")
    ok, text = said(check_perceptron, lambda x, w, b: None)
    assert not ok
    assert text == "还不对：" + zh("the function returned None: did you forget `return`?") + "\n"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match=r"language must be one of 'en' \(English\), 'zh'"):
        use_language("fr")
    with pytest.raises(ValueError, match="'fr'"):
        plots.use_style(language="fr")
    assert current_language() == "en"


def test_every_catalog_character_is_a_real_character():
    """No replacement characters or private-use code points slipped into a translation."""
    for s in ZH.values():
        for c in s if isinstance(s, str) else "".join(s):
            assert unicodedata.category(c) not in ("Co", "Cn") and c != "\ufffd", repr(c)


def test_a_hint_that_reads_the_problem_works_in_both_languages():
    """check_layer adds its w @ a hint when the reader's code raised ValueError: the
    test of that reads the (translated) problem, so it must hold in Chinese too."""
    from nnlib.exercises.feedforward import check_layer

    def wrong(w, b, a):
        return np.dot(a, w) + b  # (4, 1) · (3, 4): ValueError

    for language, hint in [
        ("en", "w.T is (4, 3), so w.T @ a and a @ w do not fit."),
        ("zh", "w.T 是 (4, 3)，所以 w.T @ a 和 a @ w 都对不上。"),
    ]:
        use_language(language)
        ok, text = said(check_layer, wrong)
        assert not ok and "ValueError" in text and text.endswith(hint + "\n"), text
