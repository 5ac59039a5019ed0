package dev.eddy.examples;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UserNames makes chat names like {@code brave-otter-42}, as seed 001's app did: short, readable,
 * lower-case ASCII (safe in any page or log), unique among the members present.
 */
final class UserNames {
  private static final String[] ADJECTIVES = {
    "amber", "brave", "calm", "clever", "eager", "fuzzy", "gentle", "happy", "jolly", "keen",
    "lucky", "mellow", "nimble", "plucky", "quiet", "rapid", "sunny", "swift", "tidy", "witty",
  };
  private static final String[] ANIMALS = {
    "badger", "beaver", "crane", "dingo", "falcon", "ferret", "gecko", "heron", "ibis", "koala",
    "lemur", "lynx", "marten", "newt", "otter", "panda", "quokka", "raven", "stoat", "walrus",
  };

  /**
   * Puts {@code member} into {@code members} under a fresh name and returns the name. Names grow
   * a digit each time ten tries in a row are taken, so this ends however full the room is.
   */
  <T> String claim(Map<String, T> members, T member) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int bound = 100; ; bound = Math.multiplyExact(bound, 10)) {
      for (int i = 0; i < 10; i++) {
        String name = ADJECTIVES[random.nextInt(ADJECTIVES.length)] + "-"
            + ANIMALS[random.nextInt(ANIMALS.length)] + "-" + random.nextInt(bound);
        if (members.putIfAbsent(name, member) == null) {
          return name;
        }
      }
    }
  }
}
