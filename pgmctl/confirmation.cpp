#include "confirmation.hpp"

#include <cctype>
#include <cstdio>
#include <iostream>

namespace pgmctl {

Confirmation confirmationFor(bool force, bool interactive)
{
    if (force)
        return Confirmation::Go;
    return interactive ? Confirmation::Ask : Confirmation::Refuse;
}

bool isYes(std::string_view answer)
{
    while (!answer.empty() && std::isspace(static_cast<unsigned char>(answer.front())))
        answer.remove_prefix(1);
    while (!answer.empty() && std::isspace(static_cast<unsigned char>(answer.back())))
        answer.remove_suffix(1);
    std::string lower;
    for (char c : answer)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "y" || lower == "yes";
}

bool askOnTerminal(const std::string& question)
{
    std::fprintf(stderr, "%s [y/N] ", question.c_str());
    std::fflush(stderr);
    std::string line;
    if (!std::getline(std::cin, line))
        return false;
    return isYes(line);
}

} // namespace pgmctl
