/** The DeOSS segment cache: its files on disk, the source the gateway's reads consult before the miners, and the sharing of cached segments between gateways (announcements over Jakarta Messaging, bytes over signed HTTP). */
package cess.gateway.cache.control;
