// Swagger UI on the merged document of this origin; kept out of the page so that no inline script is needed.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
    // The document is this origin's own; never offer to validate it at a third party.
    validatorUrl: null
  });
});
