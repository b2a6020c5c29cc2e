#include "provider.h"

#include "discovery.h"

namespace portcullis::dev_idp {
namespace {

IssuerInfo MakeIssuer(const Directory& dir, const ProviderOptions& o) {
  return IssuerInfo{o.base, dir.tenant_id, o.base, o.group_overage_limit};
}

}  // namespace

Provider::Provider(const Clock& clock, Directory dir, const ProviderOptions& options,
                   std::shared_ptr<const SigningKey> initial_key, SigningKeyFactory& key_factory)
    : directory(std::move(dir)),
      issuer(MakeIssuer(directory, options)),
      keys(clock, std::move(initial_key), key_factory),
      state(options.lifetimes),
      codes(clock),
      refresh(clock),
      sessions(clock, options.session_lifetime),
      tokens(clock, directory, issuer, keys, codes, refresh, state),
      authorize(clock, directory, keys, codes, sessions, state,
                EndpointPaths::Authorize(directory.tenant_id)),
      graph(clock, directory, issuer, keys, options.graph_page_size),
      controls(keys, refresh, state) {}

}  // namespace portcullis::dev_idp
