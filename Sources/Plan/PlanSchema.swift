// The JSON Schema of the plan format, identical to docs/plan.schema.json (a test compares them).
// After editing that file, paste its whole content between the delimiters below (the empty line
// before the closing delimiter keeps the file's final newline).

/// The plan format's JSON Schema (draft 2020-12), as `ballast plan schema` prints it.
public enum PlanSchema {
    public static let text: String = ##"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "urn:ballast:plan:1",
  "title": "Ballast plan, format version 1",
  "description": "A planner's plan for `ballast plan check|build` (the plan format, version 1; what it compiles to: docs/plan-compilation.md). Unknown fields are refused everywhere, except keys starting with `x-` (extension point: ignored). Extensions of the fixed format: top-level `deadline`, `execution.safeNonce`, `protocols.weth`, a swap step's `deadline` (uniswap-v2), token symbols as call targets, spenders and allowed targets, JSON integers in `{\"raw\": …}`. Checks a schema cannot express (EIP-55 checksums, decimals of amounts, known symbols, unique ids, flash-loan coverage, guards, intrinsic gas) are made by `ballast plan check`.",
  "type": "object",
  "required": [
    "version",
    "chainId",
    "account",
    "execution",
    "nonce",
    "fees",
    "actions"
  ],
  "properties": {
    "version": {
      "const": 1
    },
    "chainId": {
      "description": "Built-in address books: 1, 10, 137, 8453, 42161; other chains need every protocol and token in the plan.",
      "type": "integer",
      "minimum": 1
    },
    "account": {
      "description": "The signer's address: signing refuses any other key.",
      "$ref": "#/$defs/address"
    },
    "execution": {
      "$ref": "#/$defs/execution"
    },
    "nonce": {
      "description": "The first nonce; transactions get consecutive nonces (a self-sponsored EIP-7702 authorization takes nonce + 1).",
      "type": "integer",
      "minimum": 0
    },
    "fees": {
      "description": "maxFeePerGas + maxPriorityFeePerGas (type 2), or gasPrice (type 0 with EIP-155).",
      "type": "object",
      "properties": {
        "maxFeePerGas": {
          "$ref": "#/$defs/wei"
        },
        "maxPriorityFeePerGas": {
          "$ref": "#/$defs/wei"
        },
        "gasPrice": {
          "$ref": "#/$defs/wei"
        }
      },
      "patternProperties": {
        "^x-": true
      },
      "additionalProperties": false,
      "oneOf": [
        {
          "required": [
            "maxFeePerGas",
            "maxPriorityFeePerGas"
          ],
          "not": {
            "required": [
              "gasPrice"
            ]
          }
        },
        {
          "required": [
            "gasPrice"
          ],
          "not": {
            "anyOf": [
              {
                "required": [
                  "maxFeePerGas"
                ]
              },
              {
                "required": [
                  "maxPriorityFeePerGas"
                ]
              }
            ]
          }
        }
      ]
    },
    "tokens": {
      "description": "Adds to or overrides the built-in token book: symbol → address and decimals (0…77).",
      "type": "object",
      "propertyNames": {
        "$ref": "#/$defs/symbol"
      },
      "additionalProperties": {
        "type": "object",
        "required": [
          "address",
          "decimals"
        ],
        "properties": {
          "address": {
            "$ref": "#/$defs/address"
          },
          "decimals": {
            "type": "integer",
            "minimum": 0,
            "maximum": 77
          }
        },
        "patternProperties": {
          "^x-": true
        },
        "additionalProperties": false
      }
    },
    "protocols": {
      "description": "Adds to or overrides the built-in protocol book.",
      "type": "object",
      "properties": {
        "aave-v3": {
          "type": "object",
          "required": [
            "pool"
          ],
          "properties": {
            "pool": {
              "$ref": "#/$defs/address"
            }
          },
          "patternProperties": {
            "^x-": true
          },
          "additionalProperties": false
        },
        "balancer-v2": {
          "type": "object",
          "required": [
            "vault"
          ],
          "properties": {
            "vault": {
              "$ref": "#/$defs/address"
            }
          },
          "patternProperties": {
            "^x-": true
          },
          "additionalProperties": false
        },
        "morpho-blue": {
          "type": "object",
          "required": [
            "morpho"
          ],
          "properties": {
            "morpho": {
              "$ref": "#/$defs/address"
            }
          },
          "patternProperties": {
            "^x-": true
          },
          "additionalProperties": false
        },
        "uniswap-v3": {
          "type": "object",
          "required": [
            "router"
          ],
          "properties": {
            "router": {
              "$ref": "#/$defs/address"
            }
          },
          "patternProperties": {
            "^x-": true
          },
          "additionalProperties": false
        },
        "uniswap-v2": {
          "type": "object",
          "required": [
            "router"
          ],
          "properties": {
            "router": {
              "$ref": "#/$defs/address"
            }
          },
          "patternProperties": {
            "^x-": true
          },
          "additionalProperties": false
        },
        "multicall3": {
          "type": "object",
          "required": [
            "address"
          ],
          "properties": {
            "address": {
              "$ref": "#/$defs/address"
            }
          },
          "patternProperties": {
            "^x-": true
          },
          "additionalProperties": false
        },
        "permit2": {
          "type": "object",
          "required": [
            "address"
          ],
          "properties": {
            "address": {
              "$ref": "#/$defs/address"
            }
          },
          "patternProperties": {
            "^x-": true
          },
          "additionalProperties": false
        },
        "safe": {
          "type": "object",
          "required": [
            "multiSend"
          ],
          "properties": {
            "multiSend": {
              "$ref": "#/$defs/address"
            }
          },
          "patternProperties": {
            "^x-": true
          },
          "additionalProperties": false
        },
        "weth": {
          "type": "object",
          "required": [
            "address"
          ],
          "properties": {
            "address": {
              "$ref": "#/$defs/address"
            }
          },
          "patternProperties": {
            "^x-": true
          },
          "additionalProperties": false
        }
      },
      "patternProperties": {
        "^x-": true
      },
      "additionalProperties": false
    },
    "deadline": {
      "description": "Extension: default deadline of uniswap-v2 swaps (unix seconds); else 2^256 − 1.",
      "$ref": "#/$defs/uint256"
    },
    "guards": {
      "type": "object",
      "properties": {
        "maxSlippageBps": {
          "description": "Every swap carries a non-zero minimum out (or a maximum in); with prices, within this many bps of the price-implied amount.",
          "$ref": "#/$defs/bps"
        },
        "prices": {
          "description": "Price of one whole token, per token, in any common unit.",
          "type": "object",
          "propertyNames": {
            "$ref": "#/$defs/token"
          },
          "additionalProperties": {
            "$ref": "#/$defs/decimal"
          }
        },
        "minHealthFactor": {
          "description": "Aave-style health factor floor after each action that changes the position (needs position and prices).",
          "$ref": "#/$defs/decimal"
        },
        "position": {
          "type": "object",
          "properties": {
            "collateral": {
              "description": "Collateral per token.",
              "type": "object",
              "propertyNames": {
                "$ref": "#/$defs/token"
              },
              "additionalProperties": {
                "$ref": "#/$defs/amount"
              }
            },
            "debt": {
              "description": "Debt per token.",
              "type": "object",
              "propertyNames": {
                "$ref": "#/$defs/token"
              },
              "additionalProperties": {
                "$ref": "#/$defs/amount"
              }
            },
            "liquidationThresholdBps": {
              "description": "Liquidation threshold per collateral token.",
              "type": "object",
              "propertyNames": {
                "$ref": "#/$defs/token"
              },
              "additionalProperties": {
                "$ref": "#/$defs/bps"
              }
            }
          },
          "patternProperties": {
            "^x-": true
          },
          "additionalProperties": false
        },
        "maxValue": {
          "description": "No call (including calls inside flash-loan callbacks) sends more native value.",
          "$ref": "#/$defs/wei"
        },
        "allowedTargets": {
          "description": "Every call's target (including calls inside flash-loan callbacks) must be one of these.",
          "type": "array",
          "items": {
            "$ref": "#/$defs/target"
          }
        }
      },
      "patternProperties": {
        "^x-": true
      },
      "additionalProperties": false
    },
    "actions": {
      "type": "array",
      "minItems": 1,
      "items": {
        "$ref": "#/$defs/action"
      }
    }
  },
  "patternProperties": {
    "^x-": true
  },
  "additionalProperties": false,
  "$defs": {
    "address": {
      "description": "A 0x address: all lowercase, all uppercase, or EIP-55 mixed case (a mixed-case address with a wrong checksum is refused).",
      "type": "string",
      "pattern": "^0[xX][0-9a-fA-F]{40}$"
    },
    "token": {
      "description": "A token: a symbol from `tokens` or the chain's built-in book (case-sensitive), or a 0x address (its decimals then come from `tokens`, or amounts must be raw).",
      "type": "string",
      "minLength": 1
    },
    "symbol": {
      "type": "string",
      "minLength": 1,
      "maxLength": 64,
      "not": {
        "pattern": "^0[xX]"
      }
    },
    "target": {
      "description": "A contract: a 0x address, a protocol name (aave-v3 = the pool, balancer-v2 = the vault, morpho-blue, uniswap-v3 = the router, uniswap-v2 = the router, multicall3, permit2, safe = multiSend, weth) or (extension) a token symbol.",
      "type": "string",
      "minLength": 1
    },
    "amount": {
      "description": "A token amount: a decimal string in the token's units, converted exactly (never more fraction digits than the token's decimals, not even zeros), or raw base units as {\"raw\": \"…\"}.",
      "oneOf": [
        {
          "type": "string",
          "pattern": "^[0-9]+(\\.[0-9]+)?$"
        },
        {
          "type": "object",
          "required": [
            "raw"
          ],
          "properties": {
            "raw": {
              "oneOf": [
                {
                  "type": "string",
                  "pattern": "^[0-9]+$"
                },
                {
                  "type": "integer",
                  "minimum": 0
                }
              ]
            }
          },
          "patternProperties": {
            "^x-": true
          },
          "additionalProperties": false
        }
      ]
    },
    "signedAmount": {
      "description": "A signed decimal string in the token's units (`\"-12.5\"`).",
      "type": "string",
      "pattern": "^[-+]?[0-9]+(\\.[0-9]+)?$"
    },
    "wei": {
      "description": "Native value: a JSON integer or digit string (wei), a 0x hex quantity (wei), or a decimal with a unit wei, gwei or ether (\"1.5gwei\", \"0.1 ether\") that comes to a whole number of wei.",
      "oneOf": [
        {
          "type": "integer",
          "minimum": 0
        },
        {
          "type": "string",
          "pattern": "^(0[xX][0-9a-fA-F]+|[0-9]+(\\.[0-9]+)?( ?([wW][eE][iI]|[gG][wW][eE][iI]|[eE][tT][hH][eE][rR]))?)$"
        }
      ]
    },
    "decimal": {
      "description": "A non-negative decimal, exact: a string such as \"1.30\" (a JSON number without exponent is accepted too).",
      "oneOf": [
        {
          "type": "string",
          "pattern": "^[0-9]+(\\.[0-9]+)?$"
        },
        {
          "type": "number",
          "minimum": 0
        }
      ]
    },
    "uint256": {
      "description": "An unsigned integer below 2^256: a JSON integer, a decimal string or a 0x hex string.",
      "oneOf": [
        {
          "type": "integer",
          "minimum": 0
        },
        {
          "type": "string",
          "pattern": "^([0-9]+|0[xX][0-9a-fA-F]+)$"
        }
      ]
    },
    "bps": {
      "type": "integer",
      "minimum": 0,
      "maximum": 10000
    },
    "feeTier": {
      "description": "A Uniswap V3 fee tier in hundredths of a bip (100, 500, 3000, 10000): uint24.",
      "type": "integer",
      "minimum": 0,
      "maximum": 16777215
    },
    "gas": {
      "type": "integer",
      "minimum": 1,
      "maximum": 1099511627776
    },
    "market": {
      "description": "Morpho Blue MarketParams.",
      "type": "object",
      "required": [
        "loanToken",
        "collateralToken",
        "oracle",
        "irm",
        "lltv"
      ],
      "properties": {
        "loanToken": {
          "$ref": "#/$defs/token"
        },
        "collateralToken": {
          "$ref": "#/$defs/token"
        },
        "oracle": {
          "$ref": "#/$defs/address"
        },
        "irm": {
          "$ref": "#/$defs/address"
        },
        "lltv": {
          "description": "Raw integer (18 decimals).",
          "oneOf": [
            {
              "type": "string",
              "pattern": "^[0-9]+$"
            },
            {
              "type": "integer",
              "minimum": 0
            }
          ]
        }
      },
      "patternProperties": {
        "^x-": true
      },
      "additionalProperties": false
    },
    "callFields": {
      "description": "A generic call (action or step).",
      "type": "object",
      "required": [
        "to",
        "function"
      ],
      "properties": {
        "to": {
          "$ref": "#/$defs/target"
        },
        "function": {
          "description": "A human-readable or canonical signature (\"function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)\"), or a function name found in the bundled abi/ for that target (ambiguous names are refused).",
          "type": "string",
          "minLength": 1
        },
        "args": {
          "description": "The arguments in the JSON value format (integers as decimal strings, JSON integers or 0x hex; addresses; 0x bytes; arrays; tuples as arrays or objects keyed by component name).",
          "type": [
            "array",
            "object"
          ]
        },
        "value": {
          "$ref": "#/$defs/wei"
        }
      }
    },
    "step": {
      "description": "One step, run by the actor (inside the flash-loan callback, or after a harvest). Every step that needs an allowance gets exactly one approve before it, for exactly what it pulls.",
      "type": "object",
      "required": [
        "op"
      ],
      "properties": {
        "op": {
          "enum": [
            "approve",
            "transfer",
            "wrap",
            "unwrap",
            "supply",
            "withdraw",
            "borrow",
            "repay",
            "deposit",
            "redeem",
            "swap",
            "call"
          ]
        }
      },
      "patternProperties": {
        "^x-": true
      },
      "allOf": [
        {
          "if": {
            "properties": {
              "op": {
                "const": "approve"
              }
            },
            "required": [
              "op"
            ]
          },
          "then": {
            "required": [
              "token",
              "spender",
              "amount"
            ],
            "properties": {
              "token": {
                "$ref": "#/$defs/token"
              },
              "spender": {
                "$ref": "#/$defs/target"
              },
              "amount": {
                "$ref": "#/$defs/amount"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "op": {
                "const": "transfer"
              }
            },
            "required": [
              "op"
            ]
          },
          "then": {
            "required": [
              "token",
              "to",
              "amount"
            ],
            "properties": {
              "token": {
                "$ref": "#/$defs/token"
              },
              "to": {
                "$ref": "#/$defs/target"
              },
              "amount": {
                "$ref": "#/$defs/amount"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "op": {
                "const": "wrap"
              }
            },
            "required": [
              "op"
            ]
          },
          "then": {
            "required": [
              "amount"
            ],
            "properties": {
              "amount": {
                "$ref": "#/$defs/amount"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "op": {
                "const": "unwrap"
              }
            },
            "required": [
              "op"
            ]
          },
          "then": {
            "required": [
              "amount"
            ],
            "properties": {
              "amount": {
                "$ref": "#/$defs/amount"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "op": {
                "const": "supply"
              }
            },
            "required": [
              "op"
            ]
          },
          "then": {
            "required": [
              "protocol",
              "amount"
            ],
            "properties": {
              "protocol": {
                "enum": [
                  "aave-v3",
                  "morpho-blue"
                ]
              },
              "amount": {
                "$ref": "#/$defs/amount"
              }
            },
            "allOf": [
              {
                "if": {
                  "properties": {
                    "protocol": {
                      "const": "aave-v3"
                    }
                  },
                  "required": [
                    "protocol"
                  ]
                },
                "then": {
                  "required": [
                    "token"
                  ],
                  "properties": {
                    "token": {
                      "$ref": "#/$defs/token"
                    }
                  }
                }
              },
              {
                "if": {
                  "properties": {
                    "protocol": {
                      "const": "morpho-blue"
                    }
                  },
                  "required": [
                    "protocol"
                  ]
                },
                "then": {
                  "required": [
                    "market"
                  ],
                  "properties": {
                    "market": {
                      "$ref": "#/$defs/market"
                    }
                  }
                }
              }
            ]
          }
        },
        {
          "if": {
            "properties": {
              "op": {
                "const": "withdraw"
              }
            },
            "required": [
              "op"
            ]
          },
          "then": {
            "required": [
              "protocol",
              "amount"
            ],
            "properties": {
              "protocol": {
                "enum": [
                  "aave-v3",
                  "morpho-blue"
                ]
              },
              "amount": {
                "description": "An amount, or \"all\" (aave-v3 repay and withdraw only: Aave's type(uint256).max, the whole debt or aToken balance).",
                "anyOf": [
                  {
                    "$ref": "#/$defs/amount"
                  },
                  {
                    "const": "all"
                  }
                ]
              }
            },
            "allOf": [
              {
                "if": {
                  "properties": {
                    "protocol": {
                      "const": "aave-v3"
                    }
                  },
                  "required": [
                    "protocol"
                  ]
                },
                "then": {
                  "required": [
                    "token"
                  ],
                  "properties": {
                    "token": {
                      "$ref": "#/$defs/token"
                    },
                    "recipient": {
                      "$ref": "#/$defs/address"
                    },
                    "minAmount": {
                      "description": "With \"amount\": \"all\" (required then, refused otherwise): the least the withdrawal will receive, counted by the flash-loan coverage check.",
                      "$ref": "#/$defs/amount"
                    }
                  },
                  "allOf": [
                    {
                      "if": {
                        "properties": {
                          "amount": {
                            "const": "all"
                          }
                        },
                        "required": [
                          "amount"
                        ]
                      },
                      "then": {
                        "required": [
                          "minAmount"
                        ]
                      },
                      "else": {
                        "not": {
                          "required": [
                            "minAmount"
                          ]
                        }
                      }
                    }
                  ]
                }
              },
              {
                "if": {
                  "properties": {
                    "protocol": {
                      "const": "morpho-blue"
                    }
                  },
                  "required": [
                    "protocol"
                  ]
                },
                "then": {
                  "required": [
                    "market"
                  ],
                  "properties": {
                    "market": {
                      "$ref": "#/$defs/market"
                    },
                    "recipient": {
                      "$ref": "#/$defs/address"
                    },
                    "amount": {
                      "$ref": "#/$defs/amount"
                    }
                  }
                }
              }
            ]
          }
        },
        {
          "if": {
            "properties": {
              "op": {
                "const": "borrow"
              }
            },
            "required": [
              "op"
            ]
          },
          "then": {
            "required": [
              "protocol",
              "amount"
            ],
            "properties": {
              "protocol": {
                "enum": [
                  "aave-v3",
                  "morpho-blue"
                ]
              },
              "amount": {
                "$ref": "#/$defs/amount"
              }
            },
            "allOf": [
              {
                "if": {
                  "properties": {
                    "protocol": {
                      "const": "aave-v3"
                    }
                  },
                  "required": [
                    "protocol"
                  ]
                },
                "then": {
                  "required": [
                    "token"
                  ],
                  "properties": {
                    "token": {
                      "$ref": "#/$defs/token"
                    }
                  }
                }
              },
              {
                "if": {
                  "properties": {
                    "protocol": {
                      "const": "morpho-blue"
                    }
                  },
                  "required": [
                    "protocol"
                  ]
                },
                "then": {
                  "required": [
                    "market"
                  ],
                  "properties": {
                    "market": {
                      "$ref": "#/$defs/market"
                    },
                    "recipient": {
                      "$ref": "#/$defs/address"
                    }
                  }
                }
              }
            ]
          }
        },
        {
          "if": {
            "properties": {
              "op": {
                "const": "repay"
              }
            },
            "required": [
              "op"
            ]
          },
          "then": {
            "required": [
              "protocol"
            ],
            "properties": {
              "protocol": {
                "enum": [
                  "aave-v3",
                  "morpho-blue"
                ]
              },
              "amount": {
                "description": "An amount, or \"all\" (aave-v3 repay and withdraw only: Aave's type(uint256).max, the whole debt or aToken balance).",
                "anyOf": [
                  {
                    "$ref": "#/$defs/amount"
                  },
                  {
                    "const": "all"
                  }
                ]
              },
              "maxAmount": {
                "description": "With \"amount\": \"all\" (aave-v3) or \"shares\" (morpho-blue), required then and refused otherwise: the most the repay may pull — approved right before it and reset to 0 right after it; counted as spent by the flash-loan coverage check.",
                "$ref": "#/$defs/amount"
              }
            },
            "allOf": [
              {
                "if": {
                  "properties": {
                    "protocol": {
                      "const": "aave-v3"
                    }
                  },
                  "required": [
                    "protocol"
                  ]
                },
                "then": {
                  "required": [
                    "token",
                    "amount"
                  ],
                  "properties": {
                    "token": {
                      "$ref": "#/$defs/token"
                    }
                  },
                  "allOf": [
                    {
                      "if": {
                        "properties": {
                          "amount": {
                            "const": "all"
                          }
                        },
                        "required": [
                          "amount"
                        ]
                      },
                      "then": {
                        "required": [
                          "maxAmount"
                        ]
                      },
                      "else": {
                        "not": {
                          "required": [
                            "maxAmount"
                          ]
                        }
                      }
                    }
                  ]
                }
              },
              {
                "if": {
                  "properties": {
                    "protocol": {
                      "const": "morpho-blue"
                    }
                  },
                  "required": [
                    "protocol"
                  ]
                },
                "then": {
                  "required": [
                    "market"
                  ],
                  "properties": {
                    "market": {
                      "$ref": "#/$defs/market"
                    },
                    "amount": {
                      "$ref": "#/$defs/amount"
                    },
                    "shares": {
                      "description": "Instead of amount: the borrow shares to repay (the position's, to close it in full), base units as a digit string, a JSON integer or {\"raw\": …}; non-zero; needs maxAmount.",
                      "anyOf": [
                        {
                          "type": "string",
                          "pattern": "^[0-9]+$"
                        },
                        {
                          "type": "integer",
                          "minimum": 0
                        },
                        {
                          "type": "object",
                          "required": [
                            "raw"
                          ],
                          "properties": {
                            "raw": {
                              "oneOf": [
                                {
                                  "type": "string",
                                  "pattern": "^[0-9]+$"
                                },
                                {
                                  "type": "integer",
                                  "minimum": 0
                                }
                              ]
                            }
                          },
                          "patternProperties": {
                            "^x-": true
                          },
                          "additionalProperties": false
                        }
                      ]
                    }
                  },
                  "oneOf": [
                    {
                      "required": [
                        "amount"
                      ],
                      "not": {
                        "anyOf": [
                          {
                            "required": [
                              "shares"
                            ]
                          },
                          {
                            "required": [
                              "maxAmount"
                            ]
                          }
                        ]
                      }
                    },
                    {
                      "required": [
                        "shares",
                        "maxAmount"
                      ],
                      "not": {
                        "required": [
                          "amount"
                        ]
                      }
                    }
                  ]
                }
              }
            ]
          }
        },
        {
          "if": {
            "properties": {
              "op": {
                "const": "deposit"
              }
            },
            "required": [
              "op"
            ]
          },
          "then": {
            "required": [
              "vault",
              "token",
              "amount"
            ],
            "properties": {
              "vault": {
                "$ref": "#/$defs/address"
              },
              "token": {
                "$ref": "#/$defs/token"
              },
              "amount": {
                "$ref": "#/$defs/amount"
              },
              "recipient": {
                "$ref": "#/$defs/address"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "op": {
                "const": "redeem"
              }
            },
            "required": [
              "op"
            ]
          },
          "then": {
            "required": [
              "vault",
              "shares"
            ],
            "properties": {
              "vault": {
                "$ref": "#/$defs/address"
              },
              "shares": {
                "$ref": "#/$defs/amount"
              },
              "recipient": {
                "$ref": "#/$defs/address"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "op": {
                "const": "swap"
              }
            },
            "required": [
              "op"
            ]
          },
          "then": {
            "required": [
              "venue",
              "path"
            ],
            "properties": {
              "venue": {
                "enum": [
                  "uniswap-v3",
                  "uniswap-v2"
                ]
              },
              "amountIn": {
                "$ref": "#/$defs/amount"
              },
              "minAmountOut": {
                "$ref": "#/$defs/amount"
              },
              "amountOut": {
                "$ref": "#/$defs/amount"
              },
              "maxAmountIn": {
                "$ref": "#/$defs/amount"
              },
              "recipient": {
                "$ref": "#/$defs/address"
              }
            },
            "oneOf": [
              {
                "required": [
                  "amountIn",
                  "minAmountOut"
                ]
              },
              {
                "required": [
                  "amountOut",
                  "maxAmountIn"
                ]
              }
            ],
            "allOf": [
              {
                "if": {
                  "properties": {
                    "venue": {
                      "const": "uniswap-v3"
                    }
                  },
                  "required": [
                    "venue"
                  ]
                },
                "then": {
                  "properties": {
                    "path": {
                      "description": "[token, fee, token, …, token]: tokens and uint24 fee tiers alternating, one hop or several.",
                      "type": "array",
                      "minItems": 3,
                      "items": {
                        "anyOf": [
                          {
                            "$ref": "#/$defs/token"
                          },
                          {
                            "$ref": "#/$defs/feeTier"
                          }
                        ]
                      }
                    }
                  }
                }
              },
              {
                "if": {
                  "properties": {
                    "venue": {
                      "const": "uniswap-v2"
                    }
                  },
                  "required": [
                    "venue"
                  ]
                },
                "then": {
                  "properties": {
                    "path": {
                      "description": "[token, token, …].",
                      "type": "array",
                      "minItems": 2,
                      "items": {
                        "$ref": "#/$defs/token"
                      }
                    },
                    "deadline": {
                      "description": "Extension: the swap's deadline (unix seconds); default the plan's deadline, else 2^256 − 1.",
                      "$ref": "#/$defs/uint256"
                    }
                  },
                  "not": {
                    "anyOf": [
                      {
                        "required": [
                          "amountOut"
                        ]
                      },
                      {
                        "required": [
                          "maxAmountIn"
                        ]
                      }
                    ]
                  }
                }
              }
            ]
          }
        },
        {
          "if": {
            "properties": {
              "op": {
                "const": "call"
              }
            },
            "required": [
              "op"
            ]
          },
          "then": {
            "$ref": "#/$defs/callFields"
          }
        }
      ],
      "unevaluatedProperties": false
    },
    "steps": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/step"
      }
    },
    "action": {
      "type": "object",
      "required": [
        "id",
        "kind"
      ],
      "properties": {
        "id": {
          "description": "Unique among the plan's actions.",
          "type": "string",
          "minLength": 1,
          "maxLength": 200
        },
        "kind": {
          "enum": [
            "call",
            "flashLoanRebalance",
            "harvest",
            "hedgeAdjust"
          ]
        },
        "gas": {
          "description": "Gas limit of the action's transaction (each of them in eoa mode); default per kind (call 300000, flashLoanRebalance 1500000, harvest 800000, hedgeAdjust 900000; eoa: approve 70000, others 300000; +25000 per authorization). Never below the intrinsic gas with the EIP-7623 floor.",
          "$ref": "#/$defs/gas"
        }
      },
      "patternProperties": {
        "^x-": true
      },
      "allOf": [
        {
          "if": {
            "properties": {
              "kind": {
                "const": "call"
              }
            },
            "required": [
              "kind"
            ]
          },
          "then": {
            "$ref": "#/$defs/callFields"
          }
        },
        {
          "if": {
            "properties": {
              "kind": {
                "const": "flashLoanRebalance"
              }
            },
            "required": [
              "kind"
            ]
          },
          "then": {
            "required": [
              "provider",
              "loans",
              "steps"
            ],
            "properties": {
              "provider": {
                "enum": [
                  "aave-v3",
                  "balancer-v2",
                  "morpho-blue"
                ]
              },
              "loans": {
                "type": "array",
                "minItems": 1,
                "items": {
                  "type": "object",
                  "required": [
                    "token",
                    "amount"
                  ],
                  "properties": {
                    "token": {
                      "$ref": "#/$defs/token"
                    },
                    "amount": {
                      "$ref": "#/$defs/amount"
                    }
                  },
                  "patternProperties": {
                    "^x-": true
                  },
                  "additionalProperties": false
                }
              },
              "steps": {
                "$ref": "#/$defs/steps"
              },
              "premiumBps": {
                "description": "aave-v3 only: the flash-loan premium in basis points (default 5), computed as Aave v3.2 does (percentMul, rounded half up).",
                "$ref": "#/$defs/bps"
              },
              "feeBps": {
                "description": "balancer-v2 only: the Vault's flash-loan fee in basis points (default 0, at most 100 = the Vault's 1% cap); each repayment is amount + fee, the fee rounded up as the Vault's mulUp.",
                "type": "integer",
                "minimum": 0,
                "maximum": 100
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "kind": {
                "const": "harvest"
              }
            },
            "required": [
              "kind"
            ]
          },
          "then": {
            "required": [
              "protocol",
              "target"
            ],
            "properties": {
              "protocol": {
                "enum": [
                  "yearn-v2",
                  "yearn-v3",
                  "beefy",
                  "curve-gauge",
                  "convex"
                ]
              },
              "target": {
                "$ref": "#/$defs/address"
              },
              "compound": {
                "$ref": "#/$defs/steps"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "kind": {
                "const": "hedgeAdjust"
              }
            },
            "required": [
              "kind"
            ]
          },
          "then": {
            "required": [
              "venue",
              "asset",
              "change",
              "quote",
              "swap"
            ],
            "properties": {
              "venue": {
                "const": "aave-v3"
              },
              "asset": {
                "$ref": "#/$defs/token"
              },
              "change": {
                "$ref": "#/$defs/signedAmount"
              },
              "quote": {
                "$ref": "#/$defs/token"
              },
              "swap": {
                "type": "object",
                "required": [
                  "venue",
                  "fee"
                ],
                "properties": {
                  "venue": {
                    "const": "uniswap-v3"
                  },
                  "fee": {
                    "$ref": "#/$defs/feeTier"
                  },
                  "minAmountOut": {
                    "$ref": "#/$defs/amount"
                  },
                  "maxAmountIn": {
                    "$ref": "#/$defs/amount"
                  }
                },
                "patternProperties": {
                  "^x-": true
                },
                "additionalProperties": false,
                "oneOf": [
                  {
                    "required": [
                      "minAmountOut"
                    ]
                  },
                  {
                    "required": [
                      "maxAmountIn"
                    ]
                  }
                ]
              }
            }
          }
        }
      ],
      "unevaluatedProperties": false
    },
    "execution": {
      "type": "object",
      "required": [
        "mode"
      ],
      "properties": {
        "mode": {
          "enum": [
            "eoa",
            "executor",
            "eip7702",
            "safe"
          ]
        }
      },
      "patternProperties": {
        "^x-": true
      },
      "allOf": [
        {
          "if": {
            "properties": {
              "mode": {
                "const": "eoa"
              }
            },
            "required": [
              "mode"
            ]
          },
          "then": {}
        },
        {
          "if": {
            "properties": {
              "mode": {
                "const": "executor"
              }
            },
            "required": [
              "mode"
            ]
          },
          "then": {
            "required": [
              "executor"
            ],
            "properties": {
              "executor": {
                "$ref": "#/$defs/address"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "mode": {
                "const": "eip7702"
              }
            },
            "required": [
              "mode"
            ]
          },
          "then": {
            "required": [
              "delegate"
            ],
            "properties": {
              "delegate": {
                "$ref": "#/$defs/address"
              },
              "authorize": {
                "type": "boolean"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "mode": {
                "const": "safe"
              }
            },
            "required": [
              "mode"
            ]
          },
          "then": {
            "required": [
              "safe"
            ],
            "properties": {
              "safe": {
                "$ref": "#/$defs/address"
              },
              "safeNonce": {
                "description": "Extension: the Safe's nonce, for `plan build --format safe-tx` (the SafeTx file's `nonce`).",
                "type": "integer",
                "minimum": 0
              }
            }
          }
        }
      ],
      "unevaluatedProperties": false
    }
  }
}

"""##
}
