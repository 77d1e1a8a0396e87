// The website's few fixes to the theme (site/conf.py).

// The navigation's toggles that open a page's sub-pages show only an arrow: give them a
// name, so a screen reader says what they open (axe-core: summary-name).
document.addEventListener("DOMContentLoaded", () => {
  for (const summary of document.querySelectorAll("li.has-children > details > summary")) {
    if (summary.textContent.trim() || summary.hasAttribute("aria-label")) continue;
    const link = summary.closest("li").querySelector(":scope > a");
    const chinese = document.documentElement.lang === "zh-CN";
    const title = link ? link.textContent.trim() : chinese ? "本页" : "this page";
    summary.setAttribute(
      "aria-label",
      chinese ? `显示或隐藏“${title}”下的页面` : `Show or hide the pages under ${title}`,
    );
  }
});

// Wide display maths scrolls sideways inside its box: let the keyboard reach it (tab stop),
// as the theme does for wide tables and code (axe-core: scrollable-region-focusable).
function markScrollableMaths() {
  for (const maths of document.querySelectorAll('mjx-container[display="true"]')) {
    if (maths.scrollWidth > maths.clientWidth + 1) {
      maths.setAttribute("tabindex", "0");
    } else if (maths.getAttribute("tabindex") === "0") {
      maths.removeAttribute("tabindex");
    }
  }
}

function whenTypeset(callback, tries = 100) {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(callback);
  } else if (tries > 0 && document.querySelector(".math")) {
    setTimeout(() => whenTypeset(callback, tries - 1), 100);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  whenTypeset(markScrollableMaths);
  let pending = null;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(markScrollableMaths, 200);
  });
});
