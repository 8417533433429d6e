#pragma once
// "Label: value" lines with the labels right-aligned on the colon, as
// systemctl status prints them. A field may span several lines.

#include <string>
#include <vector>

namespace pgmctl {

struct Field {
    std::string label;
    std::vector<std::string> lines;  // the first follows the label, the rest align under it
};

std::string renderFields(const std::vector<Field>& fields);

} // namespace pgmctl
