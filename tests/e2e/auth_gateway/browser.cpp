#include "browser.h"

#include <curl/curl.h>

#include <cctype>

namespace portcullis::e2e {
namespace {

using Steady = std::chrono::steady_clock;

struct Sink {
  Response* response;
  Steady::time_point start;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  double t = std::chrono::duration<double>(Steady::now() - sink->start).count();
  if (sink->response->first_byte_s < 0) sink->response->first_byte_s = t;
  sink->response->last_byte_s = t;
  sink->response->body.append(data, size * count);
  return size * count;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<Response*>(user);
  std::string line(data, size * count);
  // A new status line (a redirect was followed, or 100-continue) starts a new header block.
  if (line.rfind("HTTP/", 0) == 0) {
    response->headers.clear();
    return size * count;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return size * count;
  std::string name = line.substr(0, colon);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.pop_back();
  }
  response->headers.emplace(name, value);
  return size * count;
}

}  // namespace

std::vector<std::string> Response::Headers(const std::string& lower_name) const {
  std::vector<std::string> out;
  auto [b, e] = headers.equal_range(lower_name);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

Browser::Browser() : curl_(curl_easy_init()) {
  curl_easy_setopt(static_cast<CURL*>(curl_), CURLOPT_COOKIEFILE, "");
}

Browser::~Browser() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

Response Browser::Send(const Call& call) {
  CURL* c = static_cast<CURL*>(curl_);
  // No curl_easy_reset: it drops the cookie engine's settings (and leaks their list); every
  // option that varies between calls is set explicitly instead.
  curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  Response r;
  Sink sink{&r, Steady::now()};
  curl_easy_setopt(c, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  curl_easy_setopt(c, CURLOPT_NOBODY, call.method == "HEAD" ? 1L : 0L);
  if (call.body) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, call.body->c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(call.body->size()));
  }
  curl_slist* headers = nullptr;
  for (const std::string& h : call.headers) headers = curl_slist_append(headers, h.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, call.follow_redirects ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(call.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    r.error = curl_easy_strerror(rc);
    return r;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  char* url = nullptr;
  curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &url);
  if (url) r.final_url = url;
  return r;
}

std::string Browser::CookieValue(const std::string& name) {
  curl_slist* cookies = nullptr;
  curl_easy_getinfo(static_cast<CURL*>(curl_), CURLINFO_COOKIELIST, &cookies);
  std::string value;
  for (curl_slist* it = cookies; it; it = it->next) {
    // Netscape format: domain, tailmatch, path, secure, expires, name, value (tab-separated).
    std::string line = it->data;
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields.size() >= 7 && fields[5] == name) value = fields[6];
  }
  curl_slist_free_all(cookies);
  return value;
}

void Browser::SetCookie(const std::string& name, const std::string& value) {
  std::string line = "Set-Cookie: " + name + "=" + value + "; domain=127.0.0.1; path=/";
  curl_easy_setopt(static_cast<CURL*>(curl_), CURLOPT_COOKIELIST, line.c_str());
}

std::string UrlEncode(const std::string& value) {
  char* e = curl_easy_escape(nullptr, value.c_str(), static_cast<int>(value.size()));
  std::string out = e ? e : "";
  curl_free(e);
  return out;
}

std::string QueryParam(const std::string& url, const std::string& name) {
  size_t q = url.find('?');
  if (q == std::string::npos) return "";
  std::string rest = url.substr(q + 1);
  size_t hash = rest.find('#');
  if (hash != std::string::npos) rest.resize(hash);
  size_t start = 0;
  while (start <= rest.size()) {
    size_t amp = rest.find('&', start);
    std::string pair = rest.substr(start, amp == std::string::npos ? amp : amp - start);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name && eq != std::string::npos) {
      std::string raw = pair.substr(eq + 1);
      for (char& ch : raw) {
        if (ch == '+') ch = ' ';
      }
      int len = 0;
      char* d = curl_easy_unescape(nullptr, raw.c_str(), static_cast<int>(raw.size()), &len);
      std::string out(d, static_cast<size_t>(len));
      curl_free(d);
      return out;
    }
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return "";
}

}  // namespace portcullis::e2e
