/** embed.js's built-in styles (left out with data-style="none"); the page's own rules win at equal specificity. */
export const EMBED_CSS = [
  '.lf-error{margin:.3rem 0 0;color:#b42318;font-size:.95em;font-weight:500}',
  '.lf-error::before{content:"\\26A0  "}',
  '.lf-invalid{border-color:#b42318!important;box-shadow:0 0 0 1px #b42318!important}',
  '.lf-status{margin:.75rem 0;padding:.65rem .9rem;border:2px solid #b42318;border-radius:6px;background:#fef3f2;color:#b42318}',
  '.lf-status:empty{display:none}.lf-status ul{margin:.3rem 0 0;padding-left:1.2rem}',
  '.lf-status a{color:#b42318}',
  '.lf-thanks{margin:.75rem 0;padding:1rem;border:2px solid #067647;border-radius:6px;background:#ecfdf3;color:#1f2933}',
  '.lf-thanks h2{margin:0 0 .4rem;font-size:1.2em;color:#067647}.lf-thanks p{margin:.3rem 0}',
  '.lf-thanks code{padding:.1rem .35rem;background:#fff;border-radius:4px;word-break:break-all}',
  '.lf-thanks:focus,.lf-status:focus{outline:3px solid #f59e0b;outline-offset:2px}',
  '.lf-hp{position:absolute!important;left:-10000px!important;top:auto!important;width:1px!important;height:1px!important;overflow:hidden!important}',
].join('');
