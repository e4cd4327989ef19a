#include "cli/flag_table.h"

#include <algorithm>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "model/base/check.h"

namespace dmasim::cli {
namespace {

constexpr size_t kColumns = 96;

const FlagSpec* Find(absl::Span<const FlagSpec> specs, absl::string_view name) {
  for (const FlagSpec& s : specs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::optional<bool> ParseBool(absl::string_view v) {
  if (v == "true" || v == "yes" || v == "1") return true;
  if (v == "false" || v == "no" || v == "0") return false;
  return std::nullopt;
}

// "[--checker ID]..." / "[--json]" / "[--seed N]" / "[-o FILE]"
std::string UsageWord(const FlagSpec& f) {
  const std::string dashes = f.name.size() == 1 ? "-" : "--";
  std::string w = absl::StrCat("[", dashes, f.name);
  if (f.type != FlagType::kBool) absl::StrAppend(&w, " ", f.value_name);
  absl::StrAppend(&w, "]");
  if (f.type == FlagType::kList) absl::StrAppend(&w, "...");
  return w;
}

}  // namespace

std::string FlagName(absl::string_view arg) {
  if (arg.size() < 2 || arg[0] != '-') return "";
  arg.remove_prefix(arg[1] == '-' ? 2 : 1);
  std::string name(arg.substr(0, arg.find('=')));
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

const FlagSpec& ParsedFlags::Spec(absl::string_view name, FlagType type) const {
  const FlagSpec* s = Find(specs_, name);
  DMASIM_CHECK(s != nullptr && s->type == type);  // a command reads only its own flags
  return *s;
}

bool ParsedFlags::Bool(absl::string_view name) const {
  Spec(name, FlagType::kBool);
  return values_.find(name)->second.back() == "true";
}

int64_t ParsedFlags::Int(absl::string_view name) const {
  Spec(name, FlagType::kInt);
  int64_t v = 0;
  DMASIM_CHECK(absl::SimpleAtoi(values_.find(name)->second.back(), &v));  // checked at Set
  return v;
}

const std::string& ParsedFlags::String(absl::string_view name) const {
  Spec(name, FlagType::kString);
  return values_.find(name)->second.back();
}

const std::vector<std::string>& ParsedFlags::List(absl::string_view name) const {
  Spec(name, FlagType::kList);
  return values_.find(name)->second;
}

bool ParsedFlags::Given(absl::string_view name) const {
  DMASIM_CHECK(Find(specs_, name) != nullptr);
  auto it = given_.find(name);
  return it != given_.end() && it->second;
}

absl::Status FlagParser::Set(const FlagSpec& spec, absl::string_view value,
                             ParsedFlags* flags) const {
  std::vector<std::string>& slot = flags->values_[std::string(spec.name)];
  const bool first = !flags->given_[std::string(spec.name)];
  flags->given_[std::string(spec.name)] = true;
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad value for '--", spec.name, "': '", value.substr(0, 64), "' ", why));
  };
  switch (spec.type) {
    case FlagType::kBool: {
      std::optional<bool> b = ParseBool(value);
      if (!b) return bad("(expected true or false)");
      slot = {*b ? "true" : "false"};
      break;
    }
    case FlagType::kInt: {
      int64_t v = 0;
      if (!absl::SimpleAtoi(value, &v)) return bad("(expected an integer)");
      slot = {absl::StrCat(v)};
      break;
    }
    case FlagType::kString:
      slot = {std::string(value)};
      break;
    case FlagType::kList:
      if (first) slot.clear();  // the default gives way to the first value given
      for (absl::string_view v : absl::StrSplit(value, ',', absl::SkipEmpty())) {
        slot.emplace_back(v);
      }
      break;
  }
  return absl::OkStatus();
}

absl::Status FlagParser::Unknown(absl::string_view arg, absl::string_view name) const {
  for (const CommandSpec* other : all_) {
    if (other->name == command_.name || Find(other->flags, name) == nullptr) continue;
    return absl::InvalidArgumentError(
        absl::StrFormat("flag '%s' is a %s flag, not a %s flag (see dmasim help %s)",
                        arg.substr(0, 64), other->name, command_.name, command_.name));
  }
  return absl::InvalidArgumentError(absl::StrFormat(
      "unknown flag '%s' (see dmasim help %s)", arg.substr(0, 64), command_.name));
}

absl::Status FlagParser::Parse(const std::vector<std::string>& args, ParsedFlags* flags,
                               std::vector<std::string>* positional, bool* help) const {
  flags->specs_ = command_.flags;
  for (const FlagSpec& s : command_.flags) {
    std::vector<std::string>& slot = flags->values_[std::string(s.name)];
    if (s.type == FlagType::kList) {
      for (absl::string_view v : absl::StrSplit(s.default_value, ',', absl::SkipEmpty())) {
        slot.emplace_back(v);
      }
    } else {
      slot = {std::string(s.default_value)};
    }
  }
  *help = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      positional->insert(positional->end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    const std::string name = FlagName(a);
    if (name.empty()) {
      positional->push_back(a);
      continue;
    }
    if (name == "help" || name == "h") {
      *help = true;
      continue;
    }
    const size_t eq = a.find('=');
    const FlagSpec* spec = Find(command_.flags, name);
    bool negated = false;
    if (spec == nullptr && absl::StartsWith(name, "no") && eq == std::string::npos) {
      const std::string base(absl::StripPrefix(absl::StripPrefix(name, "no"), "-"));
      spec = Find(command_.flags, base);
      negated = spec != nullptr && spec->type == FlagType::kBool;
      if (!negated) spec = nullptr;
    }
    if (spec == nullptr) return Unknown(a, name);
    std::string value;
    if (eq != std::string::npos) {
      value = a.substr(eq + 1);
    } else if (spec->type == FlagType::kBool) {
      value = negated ? "false" : "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("flag '", a, "' needs a value"));
    }
    if (absl::Status s = Set(*spec, value, flags); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::string UsageLine(const CommandSpec& command, size_t margin) {
  std::string out = absl::StrCat("dmasim ", command.name);
  if (!command.lead.empty()) absl::StrAppend(&out, " ", command.lead);
  const std::string indent(margin + out.size() + 1, ' ');
  size_t col = margin + out.size();
  std::vector<std::string> words;
  for (const FlagSpec& f : command.flags) words.push_back(UsageWord(f));
  if (!command.args.empty()) words.emplace_back(command.args);
  for (const std::string& w : words) {
    if (col + 1 + w.size() > kColumns) {
      absl::StrAppend(&out, "\n", indent, w);
      col = indent.size() + w.size();
    } else {
      absl::StrAppend(&out, " ", w);
      col += 1 + w.size();
    }
  }
  return out;
}

std::string Wrap(absl::string_view text, size_t indent) {
  const std::string pad(indent, ' ');
  std::string out = pad;
  size_t col = indent;
  for (absl::string_view w : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (col > indent && col + 1 + w.size() > kColumns) {
      absl::StrAppend(&out, "\n", pad);
      col = indent;
    }
    if (col > indent) {
      out += ' ';
      ++col;
    }
    absl::StrAppend(&out, w);
    col += w.size();
  }
  return out;
}

std::string CommandHelp(const CommandSpec& command) {
  std::string out = absl::StrCat("usage: ", UsageLine(command, 7), "\n\n",
                                 Wrap(command.summary, 0), "\n");
  if (command.flags.empty()) return out;
  absl::StrAppend(&out, "\nflags:\n");
  size_t width = 0;
  std::vector<std::pair<std::string, const FlagSpec*>> rows;
  for (const FlagSpec& f : command.flags) {
    std::string left = absl::StrCat(f.name.size() == 1 ? "-" : "--", f.name);
    if (f.type != FlagType::kBool) absl::StrAppend(&left, " ", f.value_name);
    width = std::max(width, left.size());
    rows.emplace_back(std::move(left), &f);
  }
  for (const auto& [left, f] : rows) {
    std::string help(f->help);
    const bool plain_switch = f->type == FlagType::kBool && f->default_value == "false";
    if (!f->default_value.empty() && !plain_switch) {
      absl::StrAppend(&help, " (default: ", f->default_value, ")");
    }
    const std::string body = Wrap(help, width + 4);
    absl::StrAppendFormat(&out, "  %-*s  %s\n", static_cast<int>(width), left,
                          body.substr(width + 4));
  }
  return out;
}

}  // namespace dmasim::cli
