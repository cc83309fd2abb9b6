<qgis>
  <renderer-v2 type="categorizedSymbol" attr="kind">
    <categories>
      <category value="deferral_zone" symbol="0" label="Deferral zone" render="true"/>
      <category value="buffer_zone" symbol="1" label="Buffer zone" render="true"/>
      <category value="" symbol="2" label="Other" render="true"/>
    </categories>
    <symbols>
      <symbol name="0" type="fill">
        <layer class="SimpleFill">
          <Option type="Map">
            <Option name="color" type="QString" value="230,159,0,115"/>
            <Option name="outline_color" type="QString" value="153,102,0,255"/>
            <Option name="outline_width" type="QString" value="0.5"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol name="1" type="fill">
        <layer class="SimpleFill">
          <Option type="Map">
            <Option name="color" type="QString" value="0,114,178,115"/>
            <Option name="outline_color" type="QString" value="0,70,110,255"/>
            <Option name="outline_width" type="QString" value="0.5"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol name="2" type="fill">
        <layer class="SimpleFill">
          <Option type="Map">
            <Option name="color" type="QString" value="128,128,128,90"/>
            <Option name="outline_style" type="QString" value="no"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <layerOpacity>1</layerOpacity>
</qgis>
