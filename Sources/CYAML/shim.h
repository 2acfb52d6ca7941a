#ifndef FITREPORT_CYAML_SHIM_H
#define FITREPORT_CYAML_SHIM_H
// libyaml (apt: libyaml-dev): only its event parser is used (yaml_parser_parse), by the YAML target.
#include <yaml.h>
#endif
