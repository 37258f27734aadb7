{
  "targets": [
    {
      "target_name": "peer_credentials",
      "sources": ["peer_credentials.c"],
      "conditions": [["OS=='win'", { "sources!": ["peer_credentials.c"], "sources": ["unsupported.c"] }]]
    }
  ]
}
