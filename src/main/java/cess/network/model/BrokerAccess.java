package cess.network.model;

import cess.shared.Address;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may do what on the network's Artemis broker: the names of the addresses and queues the
 * nodes use, and the security settings (an address match, and for each permission the roles
 * granted it) that confine every node to its own.
 *
 * <p>Each node logs in as its account ({@code cX…}) and holds two roles: {@link #NODE_ROLE},
 * shared by all nodes, and a role named after its account. With the settings of
 * {@link #settings(Collection)}:
 * <ul>
 *   <li>every node may send to the topics and to any node's queue {@code cess.node.<account>}
 *       (block sync requests and responses);</li>
 *   <li>only the node itself may consume from, browse and (re)create its queue, and create,
 *       consume from and delete its subscription queue on each topic (a named shared non-durable
 *       subscription, matched by its fully qualified name {@code topic::queue}, which Artemis
 *       matches exactly);</li>
 *   <li>nobody but {@link #ADMIN_ROLE} may delete a node's queue, create other addresses or
 *       queues, or reach the management address ({@code activemq.management}), {@code $sys} and
 *       anything else: the catch-all match {@code #} grants only the admin role.</li>
 * </ul>
 * Matches use Artemis's default wildcard syntax: words delimited by {@code .}, {@code *} one
 * word, {@code #} any number; the more specific match wins and nothing is inherited from a less
 * specific one. Account names hold no delimiter or wildcard (SS58 is base58), so an exact match
 * on {@code cess.node.<account>} is one queue.
 *
 * <p>Pure and immutable: the same accounts give the same settings.
 */
public final class BrokerAccess {
    /** The role of every node user. */
    public static final String NODE_ROLE = "cess-node";
    /** The role of the broker's operators: every permission everywhere, management included. */
    public static final String ADMIN_ROLE = "cess-admin";
    /** Block announcements and heads. */
    public static final String BLOCKS = "cess.blocks";
    /** Admitted transactions. */
    public static final String TRANSACTIONS = "cess.tx";
    /** Proposals and votes. */
    public static final String CONSENSUS = "cess.consensus";
    /** Storage challenges announced to the miners they name. */
    public static final String AUDIT = "cess.audit";
    /** Gateways telling each other which segments their caches hold. */
    public static final String CACHE = "cess.cache";
    /** The broadcast addresses (multicast), which the broker declares so that no node needs to create them. */
    public static final List<String> TOPICS = List.of(BLOCKS, TRANSACTIONS, CONSENSUS, AUDIT, CACHE);
    /** The prefix Artemis gives the queue of a shared non-durable subscription without a client id. */
    static final String SHARED_NON_DURABLE_PREFIX = "nonDurable.";

    /** The permission types of Artemis security settings, by their {@code broker.xml} names. */
    public enum Permission {
        SEND("send"), CONSUME("consume"), BROWSE("browse"), CREATE_ADDRESS("createAddress"),
        DELETE_ADDRESS("deleteAddress"), CREATE_DURABLE_QUEUE("createDurableQueue"),
        DELETE_DURABLE_QUEUE("deleteDurableQueue"), CREATE_NON_DURABLE_QUEUE("createNonDurableQueue"),
        DELETE_NON_DURABLE_QUEUE("deleteNonDurableQueue"), MANAGE("manage");

        private final String xmlName;

        Permission(String xmlName) {
            this.xmlName = xmlName;
        }

        /** The name in {@code <permission type="…">}. */
        public String xmlName() {
            return xmlName;
        }
    }

    private BrokerAccess() {
    }

    /** The queue of direct messages to {@code account} (anycast, address and queue of the same name). */
    public static String nodeQueue(String account) {
        return "cess.node." + checkedAccount(account);
    }

    /** The name of {@code account}'s subscription to {@code topic}: the topic's last word and the account. */
    public static String subscriptionName(String topic, String account) {
        if (!TOPICS.contains(topic)) {
            throw new IllegalArgumentException("not a topic of the network: " + topic);
        }
        return topic.substring(topic.lastIndexOf('.') + 1) + "-" + checkedAccount(account);
    }

    /** The queue Artemis creates for that subscription, bound to the topic's address. */
    public static String subscriptionQueue(String topic, String account) {
        return SHARED_NON_DURABLE_PREFIX + subscriptionName(topic, account);
    }

    /**
     * The security settings for a broker whose node users are {@code accounts}: match, then for
     * each permission granted there the roles that hold it. Sorted, so that two calls render the
     * same text.
     */
    public static SortedMap<String, Map<Permission, SortedSet<String>>> settings(Collection<String> accounts) {
        SortedMap<String, Map<Permission, SortedSet<String>>> out = new TreeMap<>();
        out.put("#", grants(Map.of()));
        for (String topic : TOPICS) {
            out.put(topic, grants(Map.of(Permission.SEND, Set.of(NODE_ROLE))));
        }
        for (String account : new TreeSet<>(accounts)) {
            out.put(nodeQueue(account), grants(Map.of(
                    Permission.SEND, Set.of(NODE_ROLE),
                    Permission.CONSUME, Set.of(account),
                    Permission.BROWSE, Set.of(account),
                    Permission.CREATE_ADDRESS, Set.of(account),
                    Permission.CREATE_DURABLE_QUEUE, Set.of(account))));
            for (String topic : TOPICS) {
                out.put(topic + "::" + subscriptionQueue(topic, account), grants(Map.of(
                        Permission.CONSUME, Set.of(account),
                        Permission.CREATE_NON_DURABLE_QUEUE, Set.of(account),
                        Permission.DELETE_NON_DURABLE_QUEUE, Set.of(account))));
            }
        }
        return out;
    }

    /** {@code granted} plus every permission for the admin role. */
    private static Map<Permission, SortedSet<String>> grants(Map<Permission, Set<String>> granted) {
        Map<Permission, SortedSet<String>> out = new EnumMap<>(Permission.class);
        for (Permission p : EnumSet.allOf(Permission.class)) {
            SortedSet<String> roles = new TreeSet<>(granted.getOrDefault(p, Set.of()));
            roles.add(ADMIN_ROLE);
            out.put(p, roles);
        }
        return out;
    }

    /** {@code account} if it is an SS58 address (no delimiter, wildcard or {@code ::} can hide in it). */
    public static String checkedAccount(String account) {
        try {
            return Address.parse(account).ss58();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a broker node user must be an account address (cX…), not '" + account
                    + "'", e);
        }
    }
}
