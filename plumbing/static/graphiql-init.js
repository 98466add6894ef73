// Mounts GraphiQL (vendored UMD builds of React and GraphiQL) on #graphiql.
// Kept out of the HTML page so a strict Content-Security-Policy (no inline script) works.
// Subscriptions go over GraphQL over SSE (POST with Accept: text/event-stream): each
// `event: next` is shown as it arrives, until `event: complete`.
(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  var endpoint = root.getAttribute('data-endpoint') || window.location.pathname;
  var httpFetcher = GraphiQL.createFetcher({
    url: endpoint,
    // Not needed for POST JSON, but keeps GET-based tooling clear of the CSRF check.
    headers: { 'graphql-preflight': '1' },
  });

  // Whether the operation to run is a subscription: the top-level keyword of the named (or
  // only) operation, read without a parser (comments and strings skipped).
  function isSubscription(params) {
    var text = params.query.replace(/"""[\s\S]*?"""|"(?:\\.|[^"\\])*"|#[^\n]*/g, ' ');
    var depth = 0;
    var operations = [];
    var word = /[_A-Za-z][_0-9A-Za-z]*/y;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (c === '{' || c === '(' || c === '[') depth++;
      else if (c === '}' || c === ')' || c === ']') depth--;
      else if (depth === 0 && /[_A-Za-z]/.test(c)) {
        word.lastIndex = i;
        var keyword = word.exec(text)[0];
        i += keyword.length - 1;
        if (keyword === 'fragment') operations.push({ type: 'fragment' });
        else if (/^(query|mutation|subscription)$/.test(keyword)) {
          var rest = text.slice(i + 1).match(/^\s*([_A-Za-z][_0-9A-Za-z]*)?/);
          operations.push({ type: keyword, name: rest && rest[1] });
        }
      }
    }
    var chosen = operations.filter(function (o) {
      return o.type !== 'fragment' && (!params.operationName || o.name === params.operationName);
    })[0];
    return Boolean(chosen && chosen.type === 'subscription');
  }

  // An observable of the stream's `next` payloads; unsubscribing (stopping the run, or a
  // new one) aborts the request, which ends the subscription on the router.
  function sseFetcher(params, headers) {
    return {
      subscribe: function (observer) {
        var controller = new AbortController();
        read(params, headers, controller.signal, observer).then(
          function () { observer.complete(); },
          function (error) { if (!controller.signal.aborted) observer.error(error); }
        );
        return { unsubscribe: function () { controller.abort(); } };
      },
    };
  }

  async function read(params, headers, signal, observer) {
    var response = await fetch(endpoint, {
      method: 'POST',
      headers: Object.assign(
        { 'content-type': 'application/json', accept: 'text/event-stream' },
        headers
      ),
      body: JSON.stringify(params),
      signal: signal,
    });
    if (!(response.headers.get('content-type') || '').startsWith('text/event-stream')) {
      observer.next(await response.json());
      return;
    }
    var reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    var buffer = '';
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) return;
      buffer += chunk.value;
      var end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        var event = '';
        var data = '';
        buffer.slice(0, end).split('\n').forEach(function (line) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).trim();
        });
        buffer = buffer.slice(end + 2);
        if (event === 'complete') return;
        if (event === 'next' && data) observer.next(JSON.parse(data));
      }
    }
  }

  function fetcher(params, options) {
    if (isSubscription(params)) {
      return sseFetcher(params, (options && options.headers) || {});
    }
    return httpFetcher(params, options);
  }

  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: true,
    })
  );
})();
