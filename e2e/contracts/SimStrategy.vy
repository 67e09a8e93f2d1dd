# pragma version ~=0.4.3
# A stand-in harvest target (Yearn V2 strategy `harvest()`): it only logs the call.

event Harvested:
    caller: indexed(address)


@external
def harvest():
    log Harvested(caller=msg.sender)
