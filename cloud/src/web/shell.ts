/** The HTML page that loads the console; everything else is drawn by the bundled script. */
export function renderShell(assets: { script: string; style: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Maintenance console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assets.style}">
<link rel="modulepreload" href="${assets.script}">
<script type="module" src="${assets.script}"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header id="top" class="top"></header>
<main id="main" tabindex="-1"><p class="loading">Loading…</p></main>
<noscript>The maintenance console needs JavaScript.</noscript>
</body>
</html>
`;
}
