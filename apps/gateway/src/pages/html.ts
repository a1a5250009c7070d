import { escapeHtml } from '@app/contracts';

export { escapeHtml };

/** A small self-contained page: no external assets, readable on a phone. */
export function page(lang: 'zh' | 'en', title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f7fa;color:#1f2933;line-height:1.6}
main{max-width:36rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.4rem;margin-top:0}
code{background:#eef2f7;padding:.1rem .35rem;border-radius:4px;word-break:break-all}
.errors li{color:#b42318}
a.button{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none}
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}
