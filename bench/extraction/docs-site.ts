/**
 * A Sphinx documentation site (Read the Docs theme, autodoc and autosummary), generated from a seed:
 * `listings` API index pages of `perListing` autosummary rows, chained by the footer's `rel="next"`
 * button, each row linking to the page of one class. Every page carries what a real Sphinx page
 * does: a toctree sidebar of about 300 links, inline scripts and styles, comments, entities, class
 * lists, `data-*` and `aria-*` attributes; class pages add signatures, field lists, tables and
 * Pygments-highlighted `pre` blocks, nested about 16 elements deep.
 */
import type { SiteShape } from './site.ts';

export const docsShape: SiteShape = { listings: 20, perListing: 25 };

/** mulberry32: small, fast and the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = ReturnType<typeof random>;
const pick = <T>(rng: Random, values: readonly T[]): T => values[Math.floor(rng() * values.length)] as T;
const between = (rng: Random, low: number, high: number) => low + Math.floor(rng() * (high - low + 1));

const words = (
  'the a of to and in is for with that on by as be this are from it or an at which can not ' +
  'returns value object default data request response file path list string number field record ' +
  'parser selector element page task batch queue crawl fetch header body stream buffer encoding ' +
  'timeout retry limit option options config configuration instance method function class module ' +
  'package attribute argument parameter callback error exception handler context session client ' +
  'server connection pool cache key index table row column schema type format output input ' +
  'iterator generator sequence mapping dictionary tuple integer boolean float optional required ' +
  'deprecated removed added changed since version release support behaviour compatible legacy ' +
  'given passed used called set read written closed opened created updated deleted raised'
).split(' ');
const modules = ['core', 'io', 'net', 'parse', 'query', 'store', 'tasks', 'util', 'web', 'schema'];
const typeNames = ['str', 'int', 'bool', 'float', 'bytes', 'dict', 'list', 'Path', 'None', 'Callable'];

function sentence(rng: Random, low = 12, high = 26): string {
  const count = between(rng, low, high);
  const chosen = Array.from({ length: count }, () => pick(rng, words));
  const text = chosen.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Prose with the inline markup Sphinx writes: literals, references, emphasis and entities. */
function prose(rng: Random, sentences: number): string {
  const parts: string[] = [];
  for (let index = 0; index < sentences; index++) {
    const roll = rng();
    let text = sentence(rng);
    if (roll < 0.25)
      text += ` See <code class="docutils literal notranslate"><span class="pre">${pick(rng, words)}_${pick(rng, words)}()</span></code>.`;
    else if (roll < 0.4)
      text += ` Use <a class="reference internal" href="#${pick(rng, words)}" title="${pick(rng, words)}"><em>${pick(rng, words)}</em></a>&nbsp;instead &mdash; it is ${pick(rng, words)}.`;
    else if (roll < 0.5)
      text += ` Values &lt;&nbsp;0 &amp; &gt;&nbsp;100 are refused &#x2014; &quot;as is&quot;.`;
    parts.push(text);
  }
  return parts.join(' ');
}

const className = (index: number) => {
  const rng = random(0x51ab + index);
  const first = pick(rng, words);
  const second = pick(rng, words);
  return `${first.charAt(0).toUpperCase()}${first.slice(1)}${second.charAt(0).toUpperCase()}${second.slice(1)}${index}`;
};
const moduleOf = (index: number) => modules[index % modules.length] as string;
const classPath = (index: number) => `api/${moduleOf(index)}/${className(index)}.html`;

/** The toctree sidebar: 12 top-level entries with 25 pages each, the current one expanded. */
function sidebar(prefix: string, current: string): string {
  const sections = Array.from({ length: 12 }, (_, section) => {
    const links = Array.from({ length: 25 }, (_, page) => {
      const index = section * 25 + page;
      const href = `${prefix}${classPath(index)}`;
      const here = href.endsWith(current);
      return `<li class="toctree-l2${here ? ' current' : ''}"><a class="reference internal${here ? ' current' : ''}" href="${href}">${className(index)}</a></li>`;
    });
    return `<li class="toctree-l1"><a class="reference internal" href="${prefix}api/${modules[section % modules.length]}/index-${section}.html">${modules[section % modules.length]} &mdash; part ${section + 1}</a><ul>\n${links.join('\n')}\n</ul></li>`;
  });
  return `<nav data-toggle="wy-nav-shift" class="wy-nav-side" aria-label="Navigation menu">
<div class="wy-side-scroll"><div class="wy-side-nav-search">
<a href="${prefix}index.html" class="icon icon-home"> Dataflow Docs</a>
<div class="version">4.2</div>
<div role="search"><form id="rtd-search-form" class="wy-form" action="${prefix}search.html" method="get">
<input type="text" name="q" placeholder="Search docs" aria-label="Search docs" />
<input type="hidden" name="check_keywords" value="yes" /><input type="hidden" name="area" value="default" />
</form></div></div>
<div class="wy-menu wy-menu-vertical" data-spy="affix" role="navigation" aria-label="Navigation menu">
<p class="caption" role="heading"><span class="caption-text">API reference</span></p>
<ul class="current">
${sections.join('\n')}
</ul></div></div></nav>`;
}

/** The Read the Docs theme's page around a body: head with inline script and style, sidebar, breadcrumbs, footer. */
function frame(title: string, prefix: string, path: string, body: string, footer: string): string {
  return `<!DOCTYPE html>
<html class="writer-html5" lang="en" data-content_root="${prefix}">
<head>
  <meta charset="utf-8" /><meta name="generator" content="Docutils 0.21.2: https://docutils.sourceforge.io/" />
  <meta name="viewport" content="width=device-width, initial-scale=1.0" />
  <title>${title} &mdash; Dataflow Docs 4.2 documentation</title>
  <link rel="stylesheet" type="text/css" href="${prefix}_static/pygments.css?v=80d5e7a1" />
  <link rel="stylesheet" type="text/css" href="${prefix}_static/css/theme.css?v=19f00094" />
  <!--[if lt IE 9]><script src="${prefix}_static/js/html5shiv.min.js"></script><![endif]-->
  <script src="${prefix}_static/jquery.js?v=5d32c60e"></script>
  <script src="${prefix}_static/documentation_options.js?v=d45e8c67"></script>
  <script>
    var DOCUMENTATION_OPTIONS = { VERSION: '4.2', LANGUAGE: 'en', COLLAPSE_INDEX: false, BUILDER: 'html',
      FILE_SUFFIX: '.html', LINK_SUFFIX: '.html', HAS_SOURCE: true, SOURCELINK_SUFFIX: '.txt',
      NAVIGATION_WITH_KEYS: false, SHOW_SEARCH_SUMMARY: true, ENABLE_SEARCH_SHORTCUTS: true };
    if (window.location.hash && document.querySelector('a[href="' + window.location.hash + '"]')) {
      document.documentElement.className += ' js-hash'; /* "<div>" in a string is not markup */
    }
  </script>
  <style>
    .wy-nav-content { max-width: 1200px } .rst-content dl.py dt.sig { background: #e7f2fa; border-top: 3px solid #6ab0de }
    .highlight .k { color: #007020; font-weight: bold } .highlight .s2 { color: #4070a0 } .highlight .c1 { color: #408090; font-style: italic }
    .highlight .n { color: #333 } .highlight .o { color: #666 } .highlight .mi { color: #208050 } .headerlink { visibility: hidden }
  </style>
  <link rel="index" title="Index" href="${prefix}genindex.html" /><link rel="search" title="Search" href="${prefix}search.html" />
</head>
<body class="wy-body-for-nav">
<div class="wy-grid-for-nav">
${sidebar(prefix, path)}
<section data-toggle="wy-nav-shift" class="wy-nav-content-wrap">
<nav class="wy-nav-top" aria-label="Mobile navigation menu"><i data-toggle="wy-nav-top" class="fa fa-bars"></i><a href="${prefix}index.html">Dataflow Docs</a></nav>
<div class="wy-nav-content rst-content">
<div role="navigation" aria-label="Page navigation"><ul class="wy-breadcrumbs">
<li><a href="${prefix}index.html" class="icon icon-home" aria-label="Home"></a></li>
<li class="breadcrumb-item"><a href="${prefix}api/index-1.html">API reference</a></li>
<li class="breadcrumb-item active">${title}</li>
<li class="wy-breadcrumbs-aside"><a href="${prefix}_sources/${path.replace(/\.html$/u, '.rst.txt')}" rel="nofollow"> View page source</a></li>
</ul><hr/></div>
<div role="main" class="document" itemscope="itemscope" itemtype="http://schema.org/Article" itemprop="articleBody">
<!-- main content -->
${body}
</div>
<footer>${footer}<hr/><div role="contentinfo"><p>&#169; Copyright 2026, the Dataflow authors.</p></div>
Built with <a href="https://www.sphinx-doc.org/">Sphinx</a> using a <a href="https://github.com/readthedocs/sphinx_rtd_theme">theme</a> provided by <a href="https://readthedocs.org">Read the Docs</a>.
</footer>
</div></section></div>
<script>
  jQuery(function () { SphinxRtdTheme.Navigation.enable(true); });
  // if (a < b && b > c) is not a tag either
</script>
</body></html>`;
}

function footerButtons(previous: string | null, next: string | null): string {
  const left = previous
    ? `<a href="${previous}" class="btn btn-neutral float-left" title="Previous" accesskey="p" rel="prev"><span class="fa fa-arrow-circle-left" aria-hidden="true"></span> Previous</a>`
    : '';
  const right = next
    ? `<a href="${next}" class="btn btn-neutral float-right" title="Next" accesskey="n" rel="next">Next <span class="fa fa-arrow-circle-right" aria-hidden="true"></span></a>`
    : '';
  return `<div class="rst-footer-buttons" role="navigation" aria-label="Footer">${left}${right}</div>`;
}

/** API index page `page` (1-based): an autosummary table of `perListing` classes. */
function listing(page: number, shape: SiteShape): string {
  const rng = random(0x1157 + page);
  const first = (page - 1) * shape.perListing;
  const rows = Array.from({ length: shape.perListing }, (_, offset) => {
    const index = first + offset;
    const name = `dataflow.${moduleOf(index)}.${className(index)}`;
    const since =
      rng() < 0.3
        ? ` <span class="versionmodified added" data-version="4.${index % 3}">Added in 4.${index % 3}.</span>`
        : '';
    return `<tr class="row-${offset % 2 === 0 ? 'odd' : 'even'}"><td><p><a class="reference internal" href="${classPath(index).slice(4)}" title="${name}"><code class="xref py py-obj docutils literal notranslate"><span class="pre">${moduleOf(index)}.${className(index)}</span></code></a></p></td>
<td><p>${sentence(rng, 10, 20)} ${sentence(rng, 6, 12)}${since}</p></td></tr>`;
  });
  const path = `api/index-${page}.html`;
  const body = `<section id="api-reference-part-${page}">
<h1>API reference, part ${page}<a class="headerlink" href="#api-reference-part-${page}" title="Link to this heading">&para;</a></h1>
<p>${prose(rng, 4)}</p>
<nav class="contents local" id="contents" aria-label="Contents"><ul class="simple">
${Array.from({ length: 20 }, () => `<li><p><a class="reference internal" href="#${pick(rng, words)}-${pick(rng, words)}" id="toc-entry-${between(rng, 1, 999)}">${pick(rng, words)} ${pick(rng, words)}</a></p></li>`).join('\n')}
</ul></nav>
<div class="admonition note"><p class="admonition-title">Note</p><p>${prose(rng, 3)}</p></div>
${Array.from({ length: 8 }, () => {
  const constant = `${pick(rng, words).toUpperCase()}_${pick(rng, words).toUpperCase()}`;
  return `<dl class="py data"><dt class="sig sig-object py" id="dataflow.${constant}"><span class="sig-name descname"><span class="pre">${constant}</span></span><em class="property"><span class="p"><span class="pre">:</span></span><span class="w"> </span><span class="pre">int</span></em><a class="headerlink" href="#dataflow.${constant}" title="Link to this definition">&para;</a></dt><dd><p>${sentence(rng)}</p></dd></dl>`;
}).join('\n')}
<table class="autosummary longtable docutils align-default">
<colgroup><col style="width: 10%" /><col style="width: 90%" /></colgroup>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<p>${prose(rng, 3)}</p>
</section>`;
  const previous = page > 1 ? `index-${page - 1}.html` : null;
  const next = page < shape.listings ? `index-${page + 1}.html` : null;
  return frame(`API reference, part ${page}`, '../', path, body, footerButtons(previous, next));
}

/** Pygments' markup for a short Python example: a span per token. */
function codeBlock(rng: Random, name: string): string {
  const lines = Array.from({ length: between(rng, 4, 9) }, () => {
    const variable = pick(rng, words);
    const roll = rng();
    if (roll < 0.3)
      return `<span class="gp">&gt;&gt;&gt; </span><span class="n">${variable}</span> <span class="o">=</span> <span class="n">${name}</span><span class="p">(</span><span class="s2">&quot;${pick(rng, words)}&quot;</span><span class="p">,</span> <span class="n">limit</span><span class="o">=</span><span class="mi">${between(rng, 1, 500)}</span><span class="p">)</span>`;
    if (roll < 0.55)
      return `<span class="gp">&gt;&gt;&gt; </span><span class="k">for</span> <span class="n">item</span> <span class="ow">in</span> <span class="n">${variable}</span><span class="o">.</span><span class="n">${pick(rng, words)}</span><span class="p">():</span>`;
    if (roll < 0.75)
      return `<span class="gp">... </span>    <span class="nb">print</span><span class="p">(</span><span class="n">item</span><span class="p">[</span><span class="s2">&quot;${pick(rng, words)}&quot;</span><span class="p">])</span>  <span class="c1"># ${sentence(rng, 3, 6)}</span>`;
    return `<span class="go">${pick(rng, words)} ${pick(rng, words)} &lt;${pick(rng, words)}&gt;</span>`;
  });
  return `<div class="highlight-python notranslate"><div class="highlight"><pre><span></span>${lines.join('\n')}
</pre></div></div>`;
}

function parameters(rng: Random, count: number): { signature: string; fields: string } {
  const names = Array.from({ length: count }, () => `${pick(rng, words)}_${pick(rng, words)}`);
  const signature = names
    .map(
      (name, index) =>
        `<em class="sig-param"><span class="n"><span class="pre">${name}</span></span><span class="p"><span class="pre">:</span></span><span class="w"> </span><span class="n"><span class="pre">${pick(rng, typeNames)}</span></span>${index > 0 ? `<span class="w"> </span><span class="o"><span class="pre">=</span></span><span class="w"> </span><span class="default_value"><span class="pre">None</span></span>` : ''}</em>`,
    )
    .join('<span class="sig-paren">, </span>');
  const fields = `<dl class="field-list simple">
<dt class="field-odd">Parameters<span class="colon">:</span></dt>
<dd class="field-odd"><ul class="simple">
${names.map((name) => `<li><strong>${name}</strong> (<em>${pick(rng, typeNames)}</em>) &ndash; ${sentence(rng, 10, 22)}</li>`).join('\n')}
</ul></dd>
<dt class="field-even">Returns<span class="colon">:</span></dt><dd class="field-even"><p>${sentence(rng, 5, 10)}</p></dd>
<dt class="field-odd">Return type<span class="colon">:</span></dt><dd class="field-odd"><p><a class="reference internal" href="#" title="type"><em>${pick(rng, typeNames)}</em></a></p></dd>
</dl>`;
  return { signature, fields };
}

function method(rng: Random, owner: string, ownerId: string): string {
  const name = `${pick(rng, words)}_${pick(rng, words)}`;
  const { signature, fields } = parameters(rng, between(rng, 1, 4));
  const id = `${ownerId}.${name}`;
  return `<dl class="py method">
<dt class="sig sig-object py" id="${id}"><span class="sig-name descname"><span class="pre">${name}</span></span><span class="sig-paren">(</span>${signature}<span class="sig-paren">)</span><a class="reference internal" href="../../_modules/dataflow/${owner}.html#${id}"><span class="viewcode-link"><span class="pre">[source]</span></span></a><a class="headerlink" href="#${id}" title="Link to this definition">&para;</a></dt>
<dd><p>${prose(rng, between(rng, 6, 10))}</p>
<p>${prose(rng, between(rng, 2, 4))}</p>
${rng() < 0.3 ? `<div class="versionchanged"><p><span class="versionmodified changed" data-version="4.1">Changed in version 4.1: </span>${sentence(rng)}</p></div>` : ''}
${fields}
${rng() < 0.5 ? codeBlock(rng, name) : ''}
</dd></dl>`;
}

/** The page of class `index`: its autodoc entry with methods, an attribute table and examples. */
function classPage(index: number): string {
  const rng = random(0xc1a55 + index);
  const name = className(index);
  const module = moduleOf(index);
  const id = `dataflow.${module}.${name}`;
  const { signature, fields } = parameters(rng, between(rng, 2, 5));
  const methods = Array.from({ length: between(rng, 14, 15) }, () => method(rng, module, id));
  const attributes = Array.from(
    { length: between(rng, 6, 10) },
    (_, row) =>
      `<tr class="row-${row % 2 === 0 ? 'odd' : 'even'}"><td><p><code class="docutils literal notranslate"><span class="pre">${pick(rng, words)}</span></code></p></td><td><p>${pick(rng, typeNames)}</p></td><td><p>${sentence(rng, 5, 12)}</p></td></tr>`,
  );
  const body = `<section id="${id.replaceAll('.', '-')}">
<h1>${name}<a class="headerlink" href="#${id.replaceAll('.', '-')}" title="Link to this heading">&para;</a></h1>
<dl class="py class">
<dt class="sig sig-object py" id="${id}"><em class="property"><span class="pre">class</span><span class="w"> </span></em><span class="sig-prename descclassname"><span class="pre">dataflow.${module}.</span></span><span class="sig-name descname"><span class="pre">${name}</span></span><span class="sig-paren">(</span>${signature}<span class="sig-paren">)</span><a class="reference internal" href="../../_modules/dataflow/${module}.html#${id}"><span class="viewcode-link"><span class="pre">[source]</span></span></a><a class="headerlink" href="#${id}" title="Link to this definition">&para;</a></dt>
<dd><p>${prose(rng, between(rng, 5, 9))}</p>
<p>${prose(rng, between(rng, 5, 9))}</p>
<div class="admonition warning"><p class="admonition-title">Warning</p><p>${prose(rng, 3)}</p></div>
<!-- autodoc: attributes -->
<table class="docutils align-default"><thead><tr class="row-odd"><th class="head"><p>Attribute</p></th><th class="head"><p>Type</p></th><th class="head"><p>Meaning</p></th></tr></thead>
<tbody>
${attributes.join('\n')}
</tbody></table>
${fields}
<p class="rubric">Notes</p>
<p>${prose(rng, 8)}</p>
<p>${prose(rng, 8)}</p>
<p class="rubric">Examples</p>
${codeBlock(rng, name)}
${methods.join('\n')}
</dd></dl>
</section>`;
  const page = Math.floor(index / 25) + 1;
  return frame(name, '../../', classPath(index), body, footerButtons(`../index-${page}.html`, null));
}

/** Every page of the site by path: `/api/index-<n>.html` and the class pages they list. */
export function docsPages(shape: SiteShape = docsShape): Map<string, string> {
  const pages = new Map<string, string>();
  for (let page = 1; page <= shape.listings; page++)
    pages.set(`/api/index-${page}.html`, listing(page, shape));
  for (let index = 0; index < shape.listings * shape.perListing; index++)
    pages.set(`/${classPath(index)}`, classPage(index));
  return pages;
}

export const docsStartPath = '/api/index-1.html';
