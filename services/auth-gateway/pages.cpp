#include "pages.h"

namespace portcullis::gateway {

std::string LandingPage(const std::string& provider_label) {
  return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Portcullis</title>"
         "<style>body{font-family:sans-serif;max-width:40em;margin:4em auto}"
         "a.button{display:inline-block;padding:.6em 1.2em;background:#2458b3;color:#fff;"
         "text-decoration:none;border-radius:4px}</style></head><body>"
         "<h1>Portcullis</h1>"
         "<p><a class=\"button\" href=\"/auth/login?return_to=%2Fauth%2Fme\">Sign in with " +
         HtmlEscape(provider_label) +
         "</a></p>"
         "<p><a href=\"/auth/me\">Who am I? (/auth/me)</a></p>"
         "</body></html>";
}

std::string LoginErrorPage(const std::string& message) {
  return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign-in failed</title>"
         "</head><body><h1>Sign-in failed</h1><p>" +
         HtmlEscape(message) + "</p><p><a href=\"/auth/login\">Sign in again</a></p></body></html>";
}

nlohmann::json Capabilities(const CapabilitiesInput& in) {
  return {
      {"login",
       {{"methods", nlohmann::json::array(
                        {{{"id", "oidc"},
                          {"provider", in.provider_name},
                          {"label", "Sign in with " + in.provider_label},
                          {"login_url", "/auth/login"},
                          {"parameters", {"return_to", "login_hint", "prompt"}},
                          {"prompt_values", {"none", "login", "consent", "select_account"}}}})}}},
      {"session",
       {{"me_url", "/auth/me"},
        {"logout_url", "/auth/logout"},
        {"refresh_url", "/auth/refresh"},
        {"csrf_header", "X-CSRF-Token"}}},
      {"bearer", {{"enabled", in.bearer_enabled}, {"resource_metadata", in.resource_metadata_url}}},
  };
}

nlohmann::json ProtectedResourceMetadata(const std::string& resource,
                                         const std::vector<std::string>& authorization_servers,
                                         const std::vector<std::string>& scopes) {
  nlohmann::json doc = {{"resource", resource},
                        {"authorization_servers", authorization_servers},
                        {"bearer_methods_supported", {"header"}},
                        {"resource_name", "Portcullis gateway"}};
  if (!scopes.empty()) doc["scopes_supported"] = scopes;
  return doc;
}

}  // namespace portcullis::gateway
