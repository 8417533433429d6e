// The per-group rule (README.md, "The rule"). The order of the steps is what
// keeps it safe: owners leave first, claims are counted with what absent and
// lost nodes last said, and only then is anyone added, so a half is never
// made active while the half it replaces may still be.

#include "owner_rule.hpp"

#include <algorithm>
#include <array>
#include <functional>

namespace pgmd::cluster {

const char* toString(Presence p)
{
    constexpr std::array kNames{"present", "syncing", "absent", "lost", "fenced"};
    return kNames[static_cast<std::size_t>(p)];
}

bool claims(const NodeFacts& n)
{
    return n.presence != Presence::Fenced && n.half && n.half->claims;
}

bool failed(const NodeFacts& n)
{
    return n.presence == Presence::Present && n.half && (n.half->state == GroupState::Unavailable || n.half->held);
}

bool candidate(const NodeFacts& n)
{
    return n.presence == Presence::Present && n.quorate && n.half && n.half->ready && !n.half->claims && !n.half->held;
}

namespace {

// Why an owner leaves the owner set (step 2); the first that applies is given.
struct LeaveRule {
    bool (*applies)(const NodeFacts&, const std::optional<Handover>&);
    std::string (*reason)(const NodeFacts&, const std::optional<Handover>&);
};

const std::array kLeaveRules{
    LeaveRule{[](const NodeFacts& n, const std::optional<Handover>&) { return n.presence == Presence::Fenced; },
              [](const NodeFacts& n, const std::optional<Handover>&) { return "node " + n.name + " lost, fenced"; }},
    LeaveRule{[](const NodeFacts& n, const std::optional<Handover>&) { return failed(n); },
              [](const NodeFacts& n, const std::optional<Handover>&) { return "failed on " + n.name; }},
    LeaveRule{[](const NodeFacts& n, const std::optional<Handover>& h) {
                  return h && h->from == n.name && n.presence == Presence::Present && !claims(n);
              },
              [](const NodeFacts&, const std::optional<Handover>& h) {
                  return "switch-over requested" + (h->by.empty() ? std::string() : " on " + h->by);
              }},
};

class Evaluation {
public:
    explicit Evaluation(const GroupFacts& facts)
        : f_(facts), handover_(facts.record.handover), owners_(facts.record.owners)
    {
    }

    RuleOutcome run()
    {
        removeLeavers();
        abandonImpossibleHandover();
        const std::vector<const NodeFacts*> claimants = claimantsByPreference();
        if (claimants.size() > f_.activeCount)
            keepBestClaimants(claimants);
        else
            adoptClaimants(claimants);
        const std::string standingDown = handover_ ? handover_->from : std::string();
        fill(standingDown);
        if (handover_ && !isOwner(handover_->from)) {
            if (out_.added.empty() && !anyCandidateBut(handover_->from))
                fill("");  // nobody else can take over: the group must not stay without an active half
            handover_.reset();
        }
        return finish();
    }

private:
    const NodeFacts* facts(const std::string& name) const
    {
        auto it = std::find_if(f_.nodes.begin(), f_.nodes.end(), [&](const NodeFacts& n) { return n.name == name; });
        return it == f_.nodes.end() ? nullptr : &*it;
    }
    std::size_t rank(const std::string& name) const
    {
        auto it = std::find_if(f_.nodes.begin(), f_.nodes.end(), [&](const NodeFacts& n) { return n.name == name; });
        return static_cast<std::size_t>(it - f_.nodes.begin());
    }
    bool isOwner(const std::string& name) const
    {
        return std::find(owners_.begin(), owners_.end(), name) != owners_.end();
    }

    void removeOwner(const std::string& name, std::string reason)
    {
        owners_.erase(std::find(owners_.begin(), owners_.end(), name));
        out_.removed.push_back({name, std::move(reason)});
    }

    void addOwner(const std::string& name)
    {
        owners_.push_back(name);
        out_.added.push_back(name);
    }

    void removeLeavers()
    {
        for (const std::string& owner : std::vector<std::string>(owners_)) {
            const NodeFacts* n = facts(owner);
            if (!n) {
                removeOwner(owner, owner + " is no longer listed in Nodes=");
                continue;
            }
            for (const LeaveRule& rule : kLeaveRules)
                if (rule.applies(*n, handover_)) {
                    removeOwner(owner, rule.reason(*n, handover_));
                    break;
                }
        }
    }

    // A switch-over waits for its owner to stop claiming. It is given up,
    // and the owner stays active, as soon as the delivered facts say it can
    // no longer complete, so that it never blocks the pair: every node sees
    // the same facts at the same point, and no timer is involved.
    void abandonImpossibleHandover()
    {
        if (!handover_ || !isOwner(handover_->from))
            return;  // completed or overtaken (step 2): reset in run()
        out_.abandoned = whyHandoverCannotComplete();
        if (!out_.abandoned.empty())
            handover_.reset();
    }

    // Empty: the switch-over still can complete.
    std::string whyHandoverCannotComplete() const
    {
        const std::string& from = handover_->from;
        const std::string& to = handover_->to;
        // Its owner's node left (or its pgmd did): what the half does is no
        // longer known, and its loss is a failover's business.
        if (facts(from)->presence != Presence::Present)
            return from + " is no longer present";
        // Nobody to hand over to: the named node, or any other node when
        // none was named, is no longer a ready standby (failed, offline,
        // left, or not quorate).
        if (!to.empty()) {
            const NodeFacts* named = facts(to);
            return named && candidate(*named) ? std::string() : to + "'s half is no longer a ready standby";
        }
        return anyCandidateBut(from) ? std::string() : "no other half is a ready standby";
    }

    std::vector<const NodeFacts*> claimantsByPreference() const
    {
        std::vector<const NodeFacts*> out;
        for (const NodeFacts& n : f_.nodes)
            if (claims(n))
                out.push_back(&n);
        return out;
    }

    // Step 6: after a partition healed, more halves claim than may. The
    // claimants the owner record names keep their claim first, then the
    // rest in Nodes= order; the others are no longer owners and are told
    // standby. The record is the merged one (the higher epoch: the side that
    // decided last, say after fencing the other), the same on every synced
    // node, so every node keeps the same halves; and the half that has been
    // serving since that decision goes on serving, rather than the half
    // that side believed off (a fence agent that confirmed a node off while
    // it stayed up) taking the pair back.
    void keepBestClaimants(const std::vector<const NodeFacts*>& claimants)
    {
        std::vector<std::string> keep;
        for (const NodeFacts* c : claimants)
            if (keep.size() < f_.activeCount && isOwner(c->name))
                keep.push_back(c->name);
        for (const NodeFacts* c : claimants)
            if (keep.size() < f_.activeCount && std::find(keep.begin(), keep.end(), c->name) == keep.end())
                keep.push_back(c->name);
        const std::string why = "more than " + std::to_string(f_.activeCount) + " active; kept on " + keep.front();
        for (const NodeFacts* c : claimants)
            if (std::find(keep.begin(), keep.end(), c->name) == keep.end())
                out_.toldStandby.push_back({c->name, why});
        for (const std::string& owner : std::vector<std::string>(owners_))
            if (std::find(keep.begin(), keep.end(), owner) == keep.end())
                removeOwner(owner, why);
        for (const std::string& k : keep)
            if (!isOwner(k))
                addOwner(k);
    }

    // A half already active that no owner record names (its pgmd restarted
    // alone and adopted it): it becomes an owner rather than being stopped
    // and started again. It is counted already, so no limit is crossed.
    void adoptClaimants(const std::vector<const NodeFacts*>& claimants)
    {
        for (const NodeFacts* c : claimants)
            if (!isOwner(c->name) && !failed(*c) && owners_.size() < f_.activeCount &&
                !(handover_ && handover_->from == c->name))
                addOwner(c->name);
    }

    // Step 3: claims of present nodes, last claims of absent and lost ones,
    // and owners that have not claimed yet.
    std::size_t countClaims() const
    {
        std::size_t count = 0;
        for (const NodeFacts& n : f_.nodes)
            if (claims(n) || isOwner(n.name))
                ++count;
        return count;
    }

    bool anyCandidateBut(const std::string& excluded) const
    {
        return std::any_of(f_.nodes.begin(), f_.nodes.end(),
                           [&](const NodeFacts& n) { return n.name != excluded && candidate(n) && !isOwner(n.name); });
    }

    // Step 4: the named target of a switch-over first, then Nodes= order.
    const NodeFacts* bestCandidate(const std::string& excluded) const
    {
        if (handover_ && !handover_->to.empty())
            if (const NodeFacts* named = facts(handover_->to);
                named && named->name != excluded && candidate(*named) && !isOwner(named->name))
                return named;
        for (const NodeFacts& n : f_.nodes)
            if (n.name != excluded && candidate(n) && !isOwner(n.name))
                return &n;
        return nullptr;
    }

    void fill(const std::string& excluded)
    {
        while (countClaims() < f_.activeCount && owners_.size() < f_.activeCount) {
            const NodeFacts* best = bestCandidate(excluded);
            if (!best || preferredStillStarting(*best))
                return;
            addOwner(best->name);
        }
    }

    // At a cold start (no owner was ever recorded: epoch 0), a present,
    // quorate node listed before `best` whose half is still starting is
    // waited for, so that the node listed first gets the active half when
    // the nodes start together. The wait ends with its half's report:
    // ready, or failed once its own ActivationTimeoutSec= passed.
    bool preferredStillStarting(const NodeFacts& best) const
    {
        if (f_.record.epoch != 0)
            return false;
        for (const NodeFacts& n : f_.nodes) {
            if (&n == &best)
                return false;
            if (n.presence == Presence::Present && n.quorate && n.half && n.half->state == GroupState::Init &&
                !n.half->held && !n.half->claims)
                return true;
        }
        return false;
    }

    // Step 6: the lead stays with its holder while it is an owner.
    std::string lead() const
    {
        if (!f_.leadActive)
            return {};
        if (!f_.record.lead.empty() && isOwner(f_.record.lead))
            return f_.record.lead;
        for (const NodeFacts& n : f_.nodes)
            if (isOwner(n.name) && n.presence == Presence::Present && n.half && n.half->state == GroupState::Active)
                return n.name;
        return {};
    }

    RuleOutcome finish()
    {
        std::sort(owners_.begin(), owners_.end(),
                  [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
        out_.record = f_.record;
        out_.record.owners = owners_;
        out_.record.lead = lead();
        out_.record.handover = handover_;
        if (out_.record != f_.record)
            ++out_.record.epoch;
        return std::move(out_);
    }

    const GroupFacts& f_;
    std::optional<Handover> handover_;
    std::vector<std::string> owners_;
    RuleOutcome out_;
};

std::string canonicalText(const OwnerRecord& r)
{
    std::string text;
    for (const std::string& owner : r.owners)
        text += std::to_string(owner.size()) + ":" + owner + ";";
    text += "|" + std::to_string(r.lead.size()) + ":" + r.lead + "|";
    if (r.handover)
        text += r.handover->from + ";" + r.handover->to + ";" + r.handover->by;
    return text;
}

} // namespace

bool supersedes(const OwnerRecord& incoming, const OwnerRecord& held)
{
    if (incoming.epoch != held.epoch)
        return incoming.epoch > held.epoch;
    return canonicalText(incoming) < canonicalText(held);
}

RuleOutcome applyOwnerRule(const GroupFacts& facts)
{
    return Evaluation(facts).run();
}

} // namespace pgmd::cluster
