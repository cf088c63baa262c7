"""A network of museums from one repository: `network.yaml` → every museum's site and a portal.

config reads and checks network.yaml into a plan of members; shards picks a stable share
of them; portal turns each built museum into a card and the cards into the portal's
pages; manifest says what a shard's output holds, and checks shards before a merge;
build runs the museums (across the cores), the portal, shards and merges.
Each museum is built by museumgen.build exactly as on its own.
"""

from museumgen.network.config import NETWORK_FILE, Member, NetworkPlan, is_network, load_network

__all__ = ["NETWORK_FILE", "Member", "NetworkPlan", "is_network", "load_network"]
