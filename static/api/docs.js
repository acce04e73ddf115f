/* Starts Swagger UI on the API docs page. A static file, so that CSP forbids inline scripts.
   Requests made with "Try it out" use the session; writes carry the CSRF token. */
"use strict";
(function () {
  const root = document.getElementById("swagger-ui");
  const data = root.dataset;
  window.ui = SwaggerUIBundle({
    url: data.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    requestInterceptor: function (request) {
      if (!["GET", "HEAD", undefined].includes(request.method) && data.csrfToken) {
        request.headers[data.csrfHeader] = data.csrfToken;
      }
      return request;
    },
  });
})();
