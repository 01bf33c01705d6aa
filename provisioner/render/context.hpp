#pragma once
// Everything a render function reads: the lab, the deploy settings, the templates.
#include "lab/plan.hpp"
#include "provisioner/render/template_set.hpp"
#include "provisioner/settings.hpp"

namespace klab::provisioner {

struct RenderContext {
  const lab::Plan& plan;
  const Settings& settings;
  const TemplateSet& templates;
};

}  // namespace klab::provisioner
