#include "command_line.hpp"

namespace pgm {

namespace {

char unescape(char c)
{
    switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    default: return c;
    }
}

bool isSeparator(char c) { return c == ' ' || c == '\t'; }

} // namespace

std::optional<std::vector<std::string>> splitCommandLine(std::string_view text)
{
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;  // separate from word.empty(): "" is a word
    char quote = 0;       // the open quote character, or 0

    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\') {
            if (++i == text.size())
                return std::nullopt;
            word += unescape(text[i]);
            inWord = true;
        } else if (quote != 0) {
            if (c == quote)
                quote = 0;
            else
                word += c;
        } else if (c == '"' || c == '\'') {
            quote = c;
            inWord = true;
        } else if (isSeparator(c)) {
            if (inWord)
                words.push_back(std::move(word));
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (quote != 0)
        return std::nullopt;
    if (inWord)
        words.push_back(std::move(word));
    return words;
}

} // namespace pgm
