package dev.batch.worker.classify;

import dev.batch.worker.classify.Classifier.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rule turned into weighted concepts and terms. */
record RuleQuery(Rule rule, Map<Concepts.Concept, Double> concepts, Map<String, Double> terms) {

    /** Each rule's weighted concepts and terms; weights by rarity among the rules, the type's words doubled. */
    static List<RuleQuery> of(List<Rule> rules) {
        List<Map<Concepts.Concept, Double>> conceptsOf = new ArrayList<>();
        List<Map<String, Double>> termsOf = new ArrayList<>();
        Map<Concepts.Concept, Integer> conceptDf = new HashMap<>();
        Map<String, Integer> termDf = new HashMap<>();
        for (Rule r : rules) {
            List<String> typeTerms = Analysis.terms(r.type().replaceAll("[_-]+", " "), "en");
            List<String> descTerms = Analysis.terms(r.description(), "en");
            // cues are matched without accents, as a rule in any language may or may not write them
            List<String> typeCues = Analysis.terms(Analysis.fold(r.type().replaceAll("[_-]+", " ")), "en");
            List<String> descCues = Analysis.terms(Analysis.fold(r.description()), "en");
            Map<Concepts.Concept, Double> cs = new LinkedHashMap<>();
            for (Concepts.Concept c : Concepts.ALL) {
                double w = 0;
                for (List<String> cue : c.cues()) {
                    if (contains(typeCues, cue)) w += 2;
                    else if (contains(descCues, cue)) w += 1;
                }
                if (w > 0) cs.put(c, Math.min(w, 4) * c.weight());
            }
            Map<String, Double> ts = new LinkedHashMap<>();
            for (String t : descTerms) if (t.length() > 2) ts.merge(t, 1.0, (a, b) -> Math.min(3, a + b));
            for (String t : typeTerms) if (t.length() > 1) ts.merge(t, 2.0, (a, b) -> Math.min(4, a + b));
            conceptsOf.add(cs);
            termsOf.add(ts);
            cs.keySet().forEach(c -> conceptDf.merge(c, 1, Integer::sum));
            ts.keySet().forEach(t -> termDf.merge(t, 1, Integer::sum));
        }
        int n = rules.size();
        List<RuleQuery> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<Concepts.Concept, Double> cs = conceptsOf.get(i);
            cs.replaceAll((c, w) -> w * Math.log(1 + (double) (n + 1) / conceptDf.get(c)));
            Map<String, Double> ts = termsOf.get(i);
            ts.replaceAll((t, w) -> w * Math.log(1 + (double) (n + 1) / termDf.get(t)));
            out.add(new RuleQuery(rules.get(i), cs, ts));
        }
        return out;
    }

    private static boolean contains(List<String> terms, List<String> phrase) {
        outer:
        for (int i = 0; i + phrase.size() <= terms.size(); i++) {
            for (int j = 0; j < phrase.size(); j++) if (!terms.get(i + j).equals(phrase.get(j))) continue outer;
            return true;
        }
        return false;
    }
}
