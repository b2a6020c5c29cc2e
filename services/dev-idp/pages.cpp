#include "pages.h"

namespace portcullis::dev_idp {
namespace {

constexpr const char* kStyle = R"(<style>
body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.banner{background:#fff4ce;border:1px solid #e0c060;padding:.5rem .75rem;border-radius:4px}
.user{display:flex;justify-content:space-between;align-items:center;border:1px solid #ccc;
border-radius:6px;padding:.6rem .9rem;margin:.5rem 0}
.user small{color:#555}
button{font-size:1rem;padding:.4rem 1.1rem;border-radius:4px;border:1px solid #0f6cbd;
background:#0f6cbd;color:#fff;cursor:pointer}
.notice{color:#a4262c}
code{background:#f3f3f3;padding:0 .2rem}
</style>)";

std::string Document(const std::string& title, const std::string& body) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" +
         HtmlEscape(title) + " - dev-idp</title>" + kStyle + "</head><body>" +
         "<p class=\"banner\"><b>dev-idp</b>: a development identity provider. Not for "
         "production; anyone can sign in as anyone.</p>" +
         body + "</body></html>";
}

}  // namespace

std::string LoginPage(const Directory& dir, const Client& client, const std::string& action,
                      const Params& params, const std::string& notice) {
  std::string hidden;
  for (const auto& [k, v] : params) {
    if (k == "login_user") continue;
    hidden +=
        "<input type=\"hidden\" name=\"" + HtmlEscape(k) + "\" value=\"" + HtmlEscape(v) + "\">";
  }
  std::string body = "<h1>Sign in</h1><p>to <b>" +
                     HtmlEscape(client.name.empty() ? client.client_id : client.name) +
                     "</b> (tenant " + HtmlEscape(dir.tenant_name) + ")</p>";
  if (!notice.empty()) body += "<p class=\"notice\">" + HtmlEscape(notice) + "</p>";
  for (const User& u : dir.users) {
    std::string roles;
    for (const std::string& r : dir.UserRoles(u, client)) roles += (roles.empty() ? "" : ", ") + r;
    body += "<form class=\"user\" method=\"post\" action=\"" + HtmlEscape(action) + "\">" + hidden +
            "<input type=\"hidden\" name=\"login_user\" value=\"" + HtmlEscape(u.username) +
            "\"><div><b>" + HtmlEscape(u.name) + "</b> <small>" + HtmlEscape(u.upn) +
            "</small><br><small>" + std::to_string(u.group_ids.size()) + " groups" +
            (roles.empty() ? "" : "; roles: " + HtmlEscape(roles)) +
            "</small></div><button type=\"submit\" id=\"login-" + HtmlEscape(u.username) +
            "\">Sign in as " + HtmlEscape(u.username) + "</button></form>";
  }
  return Document("Sign in", body);
}

std::string ErrorPage(const std::string& title, const std::string& detail) {
  return Document(title, "<h1>" + HtmlEscape(title) + "</h1><p class=\"notice\">" +
                             HtmlEscape(detail) + "</p>");
}

std::string SignedOutPage(const std::string& notice) {
  std::string body = "<h1>Signed out</h1><p>Your dev-idp session has ended.</p>";
  if (!notice.empty()) body += "<p class=\"notice\">" + HtmlEscape(notice) + "</p>";
  return Document("Signed out", body);
}

std::string IndexPage(const Directory& dir, const std::string& issuer,
                      const std::string& discovery_url) {
  std::string body = "<h1>dev-idp</h1><p>Issuer <code>" + HtmlEscape(issuer) +
                     "</code></p><p>Discovery: <a href=\"" + HtmlEscape(discovery_url) + "\">" +
                     HtmlEscape(discovery_url) + "</a></p><h2>Users</h2><ul>";
  for (const User& u : dir.users) {
    body += "<li><b>" + HtmlEscape(u.username) + "</b>: " + HtmlEscape(u.name) + ", " +
            std::to_string(u.group_ids.size()) + " groups</li>";
  }
  body += "</ul><h2>Clients</h2><ul>";
  for (const Client& c : dir.clients) {
    body += "<li><code>" + HtmlEscape(c.client_id) + "</code> " + HtmlEscape(c.name) + "</li>";
  }
  return Document("dev-idp", body + "</ul>");
}

}  // namespace portcullis::dev_idp
