#pragma once
// What klab owns at one libvirt URI, and removing a whole lab from it.
#include <string>

#include "lab/libvirt/connection.hpp"
#include "lab/provider.hpp"

namespace klab::lab::libvirt {

/// Owned domains, networks and pools (with their volumes); all labs when `lab` is empty.
Inventory list_owned(const Connection& conn, const std::string& lab);

/// Domains (stopped, snapshot metadata dropped, undefined), then the pool's volumes and
/// the pool, then the network. Missing pieces are fine; every failure is collected;
/// objects klab does not own are never touched (look-alikes are listed as skipped).
RemoveReport remove_lab(const Connection& conn, const std::string& lab,
                        const RemoveOptions& options = {});

}  // namespace klab::lab::libvirt
