// Mounts GraphiQL (vendored UMD builds of React and GraphiQL) on #graphiql.
// Kept out of the HTML page so a strict Content-Security-Policy (no inline script) works.
(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  var endpoint = root.getAttribute('data-endpoint') || window.location.pathname;
  var fetcher = GraphiQL.createFetcher({
    url: endpoint,
    // Not needed for POST JSON, but keeps GET-based tooling clear of the CSRF check.
    headers: { 'graphql-preflight': '1' },
  });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: true,
    })
  );
})();
